import { ABSENT_CODE, NULL_CODE } from "./interner.js";

/*
 * A response's session id header (a number of the timeline's strings) is mostly its request's own
 * id echoed back, else, for an initialize, the id of a session new at that line: interned as it was
 * first read, among the block's other new ids, so within a few thousand numbers of them (the 1 GiB
 * bench log interns some 375,000 strings over 123 blocks of requests). So a block keeps each one in
 * two bytes, where four held the number itself: the request's own id, none (NULL_CODE) and not
 * logged (ABSENT_CODE) as values of their own, any other as its distance from the first the block
 * was given. A number the two bytes do not hold widens the block's column to an Int32Array of the
 * numbers, the request's own id still a value of its own. 3.8 MB of the 1 GiB bench log's requests.
 */

/** The Int16Array's values of their own; a distance is above them. */
const SAME = -0x8000;
const NONE = -0x7fff;
const NOT_LOGGED = -0x7ffe;
/** The request's own id, in the Int32Array (no string's number). */
const WIDE_SAME = -0x80000000;

export class ResponseSessionColumn {
  private values: Int16Array | Int32Array;
  /** The number the distances are from: the first given that was not one of the values of their own. */
  private base = 0;
  private based = false;

  constructor(rows: number) {
    this.values = new Int16Array(rows);
  }

  /** The response's number at `row`, whose request's session id is numbered `requestCode`. */
  get(row: number, requestCode: number): number {
    const values = this.values;
    const value = values[row]!;
    if (values instanceof Int32Array) return value === WIDE_SAME ? requestCode : value;
    if (value > NOT_LOGGED) return this.base + value;
    return value === SAME ? requestCode : value === NONE ? NULL_CODE : ABSENT_CODE;
  }

  set(row: number, requestCode: number, code: number) {
    const values = this.values;
    if (values instanceof Int32Array) {
      values[row] = code === requestCode ? WIDE_SAME : code;
    } else if (code === requestCode) {
      values[row] = SAME;
    } else if (code === NULL_CODE) {
      values[row] = NONE;
    } else if (code === ABSENT_CODE) {
      values[row] = NOT_LOGGED;
    } else {
      if (!this.based && code >= 0) {
        this.base = code;
        this.based = true;
      }
      const distance = code - this.base;
      if (code >= 0 && distance > NOT_LOGGED && distance <= 0x7fff) values[row] = distance;
      else this.widen(values, requestCode, row, code);
    }
  }

  /** The numbers themselves; `requestCode` and `code` those of the row being written. */
  private widen(values: Int16Array, requestCode: number, row: number, code: number) {
    const wide = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      wide[i] = value > NOT_LOGGED ? this.base + value : value === SAME ? WIDE_SAME : value === NONE ? NULL_CODE : ABSENT_CODE;
    }
    wide[row] = code === requestCode ? WIDE_SAME : code;
    this.values = wide;
  }
}
