/**
 * A list of numbers (log positions, epoch milliseconds) of a known most length, each given back
 * exactly as pushed or set: as its distance from the first, in an Int32Array, while every one is that
 * first plus a whole distance within 2^31; from the first that is not (a fraction, -0, Infinity,
 * NaN, a time 25 days away), as themselves in a Float64Array, the ones before copied into it. The
 * narration's lists of the sessions' lines kept both in Float64Arrays: 23 of the 2 GiB events
 * log's report's 42 MB of typed arrays; that log's positions and times all fit four bytes. (The
 * narration keeps no such lists now, session-lines.ts; the census' creation times and the longest
 * survived gap's latest uses are kept in these.)
 */
export class NearNumbers {
  private base = 0;
  private near: Int32Array | null;
  private far: Float64Array | null = null;
  length = 0;

  constructor(private readonly capacity: number) {
    this.near = new Int32Array(capacity);
  }

  push(value: number) {
    const k = this.length++;
    if (k === 0) this.base = value;
    this.set(k, value);
  }

  /** Puts `value` in place of the kth number pushed. */
  set(k: number, value: number) {
    const near = this.near;
    if (near !== null) {
      if (isInt32Distance(this.base, value)) {
        near[k] = value - this.base;
        return;
      }
      this.widen();
    }
    this.far![k] = value;
  }

  /** Empty again, for numbers pushed anew: a list widened stays so, which keeps every number exactly. */
  clear() {
    this.length = 0;
  }

  /** The kth number pushed. */
  get(k: number): number {
    const near = this.near;
    return near !== null ? this.base + near[k]! : this.far![k]!;
  }

  /** From Int32 distances to the numbers themselves, each pushed so far copied. */
  private widen() {
    const far = new Float64Array(this.capacity);
    for (let k = 0; k < this.length; k++) far[k] = this.get(k);
    this.far = far;
    this.near = null;
  }
}

/**
 * Whether `value` is `base` plus a whole distance within 2^31, so that an Int32Array of distances
 * gives it back exactly: the sum is checked, zeros' signs included (-0 is no base plus a distance),
 * and NaN, Infinity and fractions are not. Zeros are told apart by division, not Object.is, whose
 * call boxed every double it was given (see exact-columns.ts).
 */
export function isInt32Distance(base: number, value: number): boolean {
  const distance = value - base;
  return (distance | 0) === distance && base + distance === value && (value !== 0 || 1 / value === 1 / (base + distance));
}
