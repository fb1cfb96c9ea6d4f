/**
 * A list of numbers (log positions, epoch milliseconds) of a known most length, each given back
 * exactly as pushed: as its distance from the first, in an Int32Array, while every one is that
 * first plus a whole distance within 2^31; from the first that is not (a fraction, -0, Infinity,
 * NaN, a time 25 days away), as themselves in a Float64Array, the ones before copied into it. The
 * narration's lists of the sessions' lines kept both in Float64Arrays: 23 of the 2 GiB events
 * log's report's 45 MB of typed arrays, at the analysis' peak; the bench logs' positions and times
 * all fit four bytes.
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
    const near = this.near;
    if (near !== null) {
      if (k === 0) this.base = value;
      const distance = value - this.base;
      // `distance | 0` is a whole number within 2^31, and the sum is checked, zeros' signs included:
      // only then does the Int32Array give `value` back.
      if ((distance | 0) === distance && this.base + distance === value && (value !== 0 || 1 / value === 1 / (this.base + distance))) {
        near[k] = distance;
        return;
      }
      this.widen(k);
    }
    this.far![k] = value;
  }

  /** The kth number pushed. */
  get(k: number): number {
    const near = this.near;
    return near !== null ? this.base + near[k]! : this.far![k]!;
  }

  private widen(count: number) {
    const far = new Float64Array(this.capacity);
    for (let k = 0; k < count; k++) far[k] = this.get(k);
    this.far = far;
    this.near = null;
  }
}
