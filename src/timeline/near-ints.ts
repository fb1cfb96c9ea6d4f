/**
 * Non-negative integers that lie near their neighbours (rows in log order, positions in a list
 * mostly in order, where the sessions' lists of rows start), or NONE: each as its distance from
 * the least of its stretch of NEAR_STRETCH values, in a Uint16Array; a stretch whose values span
 * 65,535 or more (or that holds another negative) is kept aside as it is, its base WIDE. At 1 GiB,
 * 256 of the re-initializes' rows span at most 1,571, the sessions' starts in the list of every
 * session's requests some 1,100 (4.4 requests a session), and 5 of the 1,750 stretches of the
 * sessions the losses name in their own column (NamedSessions) span more: two bytes a value where
 * an Int32Array took four.
 */
export class NearInts {
  private constructor(
    private readonly bases: Int32Array,
    private readonly values: Uint16Array,
    /** The stretches whose base is WIDE, by their number. */
    private readonly wide: ReadonlyMap<number, Int32Array>,
  ) {}

  static readonly NONE = new NearInts(new Int32Array(0), new Uint16Array(0), new Map());

  static of(values: Int32Array): NearInts {
    const n = values.length;
    const bases = new Int32Array(Math.ceil(n / NEAR_STRETCH));
    const distances = new Uint16Array(n);
    const wide = new Map<number, Int32Array>();
    for (let s = 0; s < bases.length; s++) {
      const from = s * NEAR_STRETCH;
      const to = Math.min(n, from + NEAR_STRETCH);
      let least = Infinity;
      let most = -Infinity;
      for (let i = from; i < to; i++) {
        const value = values[i]!;
        if (value === NONE) continue;
        if (value < least) least = value;
        if (value > most) most = value;
      }
      if (least === Infinity) least = most = 0;
      if (least < 0 || most - least >= NO_DISTANCE) {
        bases[s] = WIDE;
        wide.set(s, values.slice(from, to));
        continue;
      }
      bases[s] = least;
      for (let i = from; i < to; i++) distances[i] = values[i] === NONE ? NO_DISTANCE : values[i]! - least;
    }
    return new NearInts(bases, distances, wide);
  }

  get length(): number {
    return this.values.length;
  }

  get(i: number): number {
    const base = this.bases[i >>> NEAR_STRETCH_BITS]!;
    if (base === WIDE) return this.wide.get(i >>> NEAR_STRETCH_BITS)![i & NEAR_STRETCH_MASK]!;
    const distance = this.values[i]!;
    return distance === NO_DISTANCE ? NONE : base + distance;
  }

  /** How many stretches are kept aside. */
  get wideStretches(): number {
    return this.wide.size;
  }
}

/** A value none is (a session without a stream closure), kept at no stretch's cost. */
export const NONE = -1;

const NEAR_STRETCH_BITS = 8;
const NEAR_STRETCH = 1 << NEAR_STRETCH_BITS;
const NEAR_STRETCH_MASK = NEAR_STRETCH - 1;
/** The base of a stretch kept aside: no stretch of non-negative values has it as its least. */
const WIDE = -1;
/** The distance that stands for NONE: a stretch's distances are below it. */
const NO_DISTANCE = 0xffff;
