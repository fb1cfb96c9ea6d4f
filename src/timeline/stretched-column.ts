/**
 * Non-negative integers, one per session, that lie near each other over a stretch of sessions
 * (STRETCH_ROWS in a row): each as its distance from the least of its stretch, in two bytes, and
 * the least in four. Where the sessions' requests start in the list of every session's (their
 * starts grow by a session's requests, 4.4 on average at 1 GiB: a stretch spans some 1,100), and a
 * session's first stream closure (sessions that start together mostly close their streams together).
 * A stretch whose distances do not fit in two bytes widens the whole column to an Int32Array of
 * the values (rows, or places in an Int32Array of rows: they fit one), so no value is lost. NONE
 * (-1) is kept as it is, at no stretch's cost.
 */
export class StretchedColumn {
  private constructor(
    /** The distances, NO_DISTANCE for NONE; null when `values` holds them. */
    private readonly distances: Uint16Array | null,
    private readonly bases: Int32Array,
    /** The values themselves, when some stretch's did not fit. */
    private readonly values: Int32Array | null,
  ) {}

  /** The values (NONE or rows) of `values.length` sessions: `values` is kept when some stretch's do not fit. */
  static from(values: Int32Array): StretchedColumn {
    const count = values.length;
    const bases = new Int32Array(Math.ceil(count / STRETCH_ROWS));
    const distances = new Uint16Array(count);
    for (let s = 0; s < bases.length; s++) {
      const from = s * STRETCH_ROWS;
      const to = Math.min(count, from + STRETCH_ROWS);
      let least = Infinity;
      let most = -Infinity;
      for (let i = from; i < to; i++) {
        const value = values[i]!;
        if (value === NONE) continue;
        least = Math.min(least, value);
        most = Math.max(most, value);
      }
      if (least === Infinity) least = most = 0;
      if (!(most - least < NO_DISTANCE)) return new StretchedColumn(null, new Int32Array(0), values);
      bases[s] = least;
      for (let i = from; i < to; i++) distances[i] = values[i] === NONE ? NO_DISTANCE : values[i]! - least;
    }
    return new StretchedColumn(distances, bases, null);
  }

  get(row: number): number {
    const distances = this.distances;
    if (distances === null) return this.values![row]!;
    const distance = distances[row]!;
    return distance === NO_DISTANCE ? NONE : this.bases[row >>> STRETCH_BITS]! + distance;
  }
}

/** A value none is: a session without a first stream closure. */
export const NONE = -1;

const STRETCH_BITS = 8;
const STRETCH_ROWS = 1 << STRETCH_BITS;
const NO_DISTANCE = 0xffff;
