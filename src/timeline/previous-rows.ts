import { withRoomFor } from "./grown-column.js";
import { orderByRow } from "./sort-by-seq.js";

/**
 * Each re-initialize's client's request before it, as its distance back from the request's row in
 * two bytes, 0 for none (NO_ROW): at 1 GiB 1% of them are 65,535 rows back or more (at most
 * 212,559), kept aside with the request's row, their distance FAR. Four bytes each were 1.4 MB.
 * Kept aside as pairs of numbers, eight bytes each, not in a Map (some 30 bytes an entry): a log
 * can make most of them far (many clients, each back once after 65,535 other requests).
 */
export class PreviousRows {
  /** The rows of the requests whose distance is FAR, in the order written, then (first) in the order of the rows. */
  private farRows = new Int32Array(0);
  /** Their previous rows, alike. */
  private farPrevious = new Int32Array(0);
  private farCount = 0;

  constructor(
    capacity: number,
    readonly distances = new Uint16Array(capacity),
  ) {}

  set(i: number, row: number, previous: number) {
    const distance = row - previous;
    if (previous === NO_ROW) this.distances[i] = 0;
    else if (distance > 0 && distance < FAR) this.distances[i] = distance;
    else {
      this.distances[i] = FAR;
      const k = this.farCount++;
      if (k === this.farRows.length) {
        this.farRows = withRoomFor(this.farRows, k);
        this.farPrevious = withRoomFor(this.farPrevious, k);
      }
      this.farRows[k] = row;
      this.farPrevious[k] = previous;
    }
  }

  /** The ith's, `row` its request's row; once made by first. */
  get(i: number, row: number): number {
    const distance = this.distances[i]!;
    if (distance === FAR) return this.farPrevious[this.farAt(row)]!;
    return distance === 0 ? NO_ROW : row - distance;
  }

  /** Where `row` is among the far ones. */
  private farAt(row: number): number {
    const rows = this.farRows;
    let low = 0;
    let high = this.farCount - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (rows[middle]! < row) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first `n`, once written and closed up where they are (ClassifiedColumns.done), for reading. */
  first(n: number): PreviousRows {
    const read = new PreviousRows(0, this.distances.subarray(0, n));
    const count = this.farCount;
    const order = orderByRow(this.farRows.subarray(0, count));
    read.farRows = new Int32Array(count);
    read.farPrevious = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      read.farRows[k] = this.farRows[order[k]!]!;
      read.farPrevious[k] = this.farPrevious[order[k]!]!;
    }
    read.farCount = count;
    return read;
  }
}

/** The distance of a previous request kept aside: the first that two bytes do not leave room for. */
const FAR = 0xffff;

/** The previous request of a client's first. */
export const NO_ROW = -1;
