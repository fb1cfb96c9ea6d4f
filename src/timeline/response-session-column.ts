import { ABSENT_CODE, NULL_CODE } from "./interner.js";

/*
 * A response's session id header (a number of the timeline's strings) is mostly its request's own
 * id echoed back, else, for an initialize, the id of a session new at that line: interned as it was
 * first read, among the other new ids of the requests around it. So a block keeps each one in a
 * byte: the request's own id, none (NULL_CODE) and not logged (ABSENT_CODE) as values of their own,
 * any other as its distance from the first given in its stretch of STRETCH_ROWS rows: the 100 MiB
 * bench logs' new ids span at most 85 numbers in a stretch of 128 rows, 151 in one of 256 (1 of 781
 * stretches past a byte). A number the byte does not hold widens the block's column to an
 * Int16Array of the same (some 32,000 either way), then to an Int32Array of the numbers, the
 * request's own id still a value of its own. Two bytes a row, with one base per block, took 3.8 MB
 * of the 1 GiB bench log's requests.
 */

/** The request's own id, in the Int32Array (no string's number). */
const WIDE_SAME = -0x80000000;
const STRETCH_BITS = 7;
const STRETCH_ROWS = 1 << STRETCH_BITS;

export class ResponseSessionColumn {
  private values: Int8Array | Int16Array | Int32Array;
  /**
   * The narrow array's lowest value, which stands for the request's own id; the next two for none
   * and not logged. A distance is above them.
   */
  private same = -0x80;
  /** Each stretch's base: the first number given in it that was not a value of its own; -1 until then. */
  private readonly bases: Int32Array;

  constructor(rows: number) {
    this.values = new Int8Array(rows);
    this.bases = new Int32Array(Math.ceil(rows / STRETCH_ROWS)).fill(-1);
  }

  /** The response's number at `row`, whose request's session id is numbered `requestCode`. */
  get(row: number, requestCode: number): number {
    const values = this.values;
    const value = values[row]!;
    if (values instanceof Int32Array) return value === WIDE_SAME ? requestCode : value;
    const own = value - this.same;
    if (own > 2) return this.bases[row >>> STRETCH_BITS]! + value;
    return own === 0 ? requestCode : own === 1 ? NULL_CODE : ABSENT_CODE;
  }

  set(row: number, requestCode: number, code: number) {
    const values = this.values;
    if (values instanceof Int32Array) {
      values[row] = code === requestCode ? WIDE_SAME : code;
    } else if (code === requestCode) {
      values[row] = this.same;
    } else if (code === NULL_CODE) {
      values[row] = this.same + 1;
    } else if (code === ABSENT_CODE) {
      values[row] = this.same + 2;
    } else {
      const stretch = row >>> STRETCH_BITS;
      if (this.bases[stretch] === -1 && code >= 0) this.bases[stretch] = code;
      if (this.holds(stretch, code)) values[row] = code - this.bases[stretch]!;
      else this.widen(row, requestCode, code);
    }
  }

  /** Whether the narrow array holds `code` as its distance from the stretch's base. */
  private holds(stretch: number, code: number): boolean {
    const distance = code - this.bases[stretch]!;
    return code >= 0 && distance > this.same + 2 && distance < -this.same;
  }

  /** An Int16Array of the same values if it holds `code`, else the numbers themselves; `requestCode` and `code` those of the row being written. */
  private widen(row: number, requestCode: number, code: number) {
    const values = this.values;
    const stretch = row >>> STRETCH_BITS;
    if (values instanceof Int8Array) {
      const same = this.same;
      const wide = new Int16Array(values.length);
      this.same = -0x8000;
      for (let i = 0; i < values.length; i++) wide[i] = values[i]! - same > 2 ? values[i]! : this.same + values[i]! - same;
      this.values = wide;
      if (this.holds(stretch, code)) {
        wide[row] = code - this.bases[stretch]!;
        return;
      }
    }
    const wide = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) wide[i] = i === row ? 0 : this.get(i, WIDE_SAME);
    wide[row] = code === requestCode ? WIDE_SAME : code;
    this.values = wide;
  }
}
