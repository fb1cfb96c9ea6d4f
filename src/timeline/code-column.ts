import { ABSENT_CODE } from "./interner.js";

/**
 * Numbers of the timeline's strings (a request's session id), from ABSENT_CODE up: in three bytes
 * a row, two in a Uint16Array and one in a Uint8Array, while below 2^24 + ABSENT_CODE (16.7
 * million strings, where the 1 GiB bench log interns some 375,000), then in an Int32Array. A
 * session id cannot take two bytes: a request's session was interned anywhere from one to 370,000
 * strings before it (15% of the 1 GiB bench log's requests more than 32,768), so neither a
 * block's base nor the latest id brings its distance under two bytes. Three bytes where an
 * Int32Array took four: 1.9 MB of the 1 GiB bench log's 2,012,090 requests.
 */
export class CodeColumn {
  private readonly low: Uint16Array;
  private readonly high: Uint8Array;
  private wide: Int32Array | null = null;

  constructor(rows: number) {
    this.low = new Uint16Array(rows);
    this.high = new Uint8Array(rows);
  }

  get(row: number): number {
    const wide = this.wide;
    return wide === null ? ((this.high[row]! << 16) | this.low[row]!) + ABSENT_CODE : wide[row]!;
  }

  set(row: number, code: number) {
    const wide = this.wide;
    if (wide !== null) {
      wide[row] = code;
      return;
    }
    const stored = code - ABSENT_CODE;
    if (stored >= 0 && stored < 1 << 24) {
      this.low[row] = stored;
      this.high[row] = stored >>> 16;
      return;
    }
    const widened = new Int32Array(this.low.length);
    for (let i = 0; i < widened.length; i++) widened[i] = this.get(i);
    widened[row] = code;
    this.wide = widened;
  }
}
