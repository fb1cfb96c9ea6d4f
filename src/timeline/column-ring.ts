/**
 * What the queues of what waits for the walk share: a ring over columns of numbers, first in first
 * out, each column a typed array the subclass keeps and names (a row, a time, an ordinal...), all
 * of RING_CAPACITY rows at first; a full ring's columns are doubled with their rows moved to the
 * start in order (`unwound`, grown-column.ts). The ring keeps the order: where the first is, how
 * many wait, the index a new last one goes to.
 */
export abstract class ColumnRing {
  private capacity = RING_CAPACITY;
  /** The first one's index in the columns; only when not empty. */
  protected head = 0;
  length = 0;

  /** The index to write a new last one at, the columns doubled first when full. */
  protected pushed(): number {
    if (this.length === this.capacity) {
      this.unwind(this.head);
      this.head = 0;
      this.capacity *= 2;
    }
    return (this.head + this.length++) & (this.capacity - 1);
  }

  /** Drops the first; only when not empty. */
  shift() {
    this.head = (this.head + 1) & (this.capacity - 1);
    this.length--;
  }

  /** Every column, `unwound` from `head`. */
  protected abstract unwind(head: number): void;
}

/** The rows of a ring's columns when made. */
export const RING_CAPACITY = 1024;
