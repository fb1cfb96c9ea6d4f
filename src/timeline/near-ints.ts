/**
 * Non-negative integers that lie near their neighbours (rows in log order, positions in a list
 * mostly in order), each as its distance from the least of its stretch of NEAR_STRETCH values, in
 * a Uint16Array while every stretch spans less than 65,536; else the values themselves, the
 * stretches' bases 0, which a read adds alike. At 1 GiB, 256 of the re-initializes' rows span
 * at most 1,571: two bytes a value where an Int32Array took four.
 */
export class NearInts {
  private constructor(
    private readonly bases: Int32Array,
    private readonly values: Uint16Array | Int32Array,
  ) {}

  static readonly NONE = new NearInts(new Int32Array(0), new Uint16Array(0));

  /** `values` (kept as they are when too far apart: the caller gives them up). */
  static of(values: Int32Array): NearInts {
    const n = values.length;
    const bases = new Int32Array(Math.ceil(n / NEAR_STRETCH));
    for (let s = 0; s < bases.length; s++) {
      const end = Math.min(n, (s + 1) * NEAR_STRETCH);
      let least = values[s * NEAR_STRETCH]!;
      let most = least;
      for (let i = s * NEAR_STRETCH + 1; i < end; i++) {
        const value = values[i]!;
        if (value < least) least = value;
        else if (value > most) most = value;
      }
      if (most - least > 0xffff) return new NearInts(bases.fill(0), values);
      bases[s] = least;
    }
    const distances = new Uint16Array(n);
    for (let i = 0; i < n; i++) distances[i] = values[i]! - bases[i >>> NEAR_STRETCH_BITS]!;
    return new NearInts(bases, distances);
  }

  get length(): number {
    return this.values.length;
  }

  get(i: number): number {
    return this.bases[i >>> NEAR_STRETCH_BITS]! + this.values[i]!;
  }

  /** Whether each is kept in two bytes. */
  get isNarrow(): boolean {
    return this.values instanceof Uint16Array;
  }
}

const NEAR_STRETCH_BITS = 8;
const NEAR_STRETCH = 1 << NEAR_STRETCH_BITS;
