import { NullableColumn } from "./exact-columns.js";

/**
 * Non-negative integers of a block of sessions that lie near each other, each as its distance from
 * the first written: a session's id (its number in the strings), its creation line's row and its
 * initialize's row all grow with the session's ordinal. At 1 GiB (371,304 sessions, 91 blocks of
 * 4,096) a block's ids spread over at most 6,300 numbers, its creation rows over 8,400, its
 * initializes' rows over 22,700: two bytes a row where an Int32Array took four. A distance that
 * does not fit widens the block's column as a NullableColumn widens (an Int32Array, then a
 * Float64Array), so that no value is lost. A row not written reads NONE.
 */
export class NearColumn {
  /** The distances, in a NullableColumn: its widening and its null are this column's. */
  private readonly distances: NullableColumn;
  private base = 0;
  private based = false;

  constructor(rows: number) {
    this.distances = new NullableColumn(rows);
  }

  get(row: number): number {
    const distance = this.distances.get(row);
    return distance === null ? NONE : this.base + distance;
  }

  /** `value` is a non-negative integer. */
  set(row: number, value: number) {
    if (!this.based) {
      this.base = value;
      this.based = true;
    }
    this.distances.set(row, value - this.base);
  }
}

/** What get reads at a row not written. */
export const NONE = -1;
