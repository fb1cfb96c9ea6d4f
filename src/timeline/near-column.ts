/**
 * Non-negative integers of a block of sessions that lie near each other, each as its distance from
 * the first written: a session's id (its number in the strings), its creation line's row and its
 * initialize's row all grow with the session's ordinal. At 1 GiB (371,304 sessions, 91 blocks of
 * 4,096) a block's ids spread over at most 6,300 numbers, its creation rows over 8,400, its
 * initializes' rows over 22,700: two bytes a row where an Int32Array took four. A distance that
 * does not fit widens the block's column to an Int32Array, then to a Float64Array of the values
 * themselves, so that no value is lost. A row not written reads NONE.
 */
export class NearColumn {
  private values: Int16Array | Int32Array | Float64Array;
  /** What an unwritten row holds: the type's least value (-1 in a Float64Array, whose base is 0). */
  private none = INT16_NONE;
  private base = 0;
  private based = false;

  constructor(rows: number) {
    this.values = new Int16Array(rows).fill(INT16_NONE);
  }

  get(row: number): number {
    const distance = this.values[row]!;
    return distance === this.none ? NONE : this.base + distance;
  }

  /** `value` is a non-negative integer. */
  set(row: number, value: number) {
    if (!this.based) {
      this.base = value;
      this.based = true;
    }
    const distance = value - this.base;
    this.values[row] = distance;
    if (this.values[row] !== distance || distance === this.none) this.widen(row, value);
  }

  private widen(row: number, value: number) {
    const { none, base } = this;
    if (this.values instanceof Int16Array) {
      this.values = Int32Array.from(this.values, (distance) => (distance === none ? INT32_NONE : distance));
      this.none = INT32_NONE;
      const distance = value - base;
      this.values[row] = distance;
      if (this.values[row] === distance && distance !== INT32_NONE) return;
    }
    if (this.values instanceof Int32Array) {
      const wider = this.none;
      this.values = Float64Array.from(this.values, (distance) => (distance === wider ? NONE : base + distance));
      this.none = NONE;
      this.base = 0;
    }
    this.values[row] = value;
  }
}

/** What get reads at a row not written. */
export const NONE = -1;

const INT16_NONE = -0x8000;
const INT32_NONE = -0x80000000;
