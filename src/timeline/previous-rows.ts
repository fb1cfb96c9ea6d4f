/**
 * Each re-initialize's client's request before it, as its distance back from the request's row in
 * two bytes, 0 for none (NO_ROW): at 1 GiB 1% of them are 65,535 rows back or more (at most
 * 212,559), kept aside by the request's row, their distance FAR. Four bytes each were 1.4 MB.
 */
export class PreviousRows {
  constructor(
    capacity: number,
    readonly distances = new Uint16Array(capacity),
    /** The previous row of a request whose distance is FAR, by the request's row. */
    private readonly far = new Map<number, number>(),
  ) {}

  set(i: number, row: number, previous: number) {
    const distance = row - previous;
    if (previous === NO_ROW) this.distances[i] = 0;
    else if (distance > 0 && distance < FAR) this.distances[i] = distance;
    else {
      this.distances[i] = FAR;
      this.far.set(row, previous);
    }
  }

  /** The ith's, `row` its request's row. */
  get(i: number, row: number): number {
    const distance = this.distances[i]!;
    if (distance === FAR) return this.far.get(row)!;
    return distance === 0 ? NO_ROW : row - distance;
  }

  /** The first `n`, once closed up where they are (ClassifiedColumns.done). */
  first(n: number): PreviousRows {
    return new PreviousRows(0, this.distances.subarray(0, n), this.far);
  }
}

/** The distance of a previous request kept aside: the first that two bytes do not leave room for. */
const FAR = 0xffff;

/** The previous request of a client's first. */
export const NO_ROW = -1;
