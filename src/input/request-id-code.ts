/**
 * Request ids in their common forms as numbers: canonical decimal digits ("0", or [1-9][0-9]*
 * below 2^29) and "r-" before such digits, each a code <= -3 in the packed `requestId` column
 * (below its NULL -1 and ABSENT -2), every other id a string of the batch's table. The id only
 * pairs a response with its request, and was ~58% of the strings the reading thread made, packed,
 * posted and the matcher hashed again at 1 GiB events. The encoding is injective and every id
 * string that enters the packed rows goes through requestIdKeyOf, so equal strings give equal
 * keys: "r-01", "-1", "1.5" or a merge's "0:r-1" stay strings, never equal to a code. A third
 * family codes the line of a request log's exchange (exchangeIdCodeOf), whose id is made, not logged.
 */

/** Below this, digits (and exchanges' lines) are coded: three families of codes fit in an Int32 below -2. */
export const MAX_CODED_ID = 1 << 29;
/** What requestIdCodeOf gives for an id it does not code. */
export const NOT_CODED = 0;

const DIGITS = 0;
const R_DASH = 1;
/** An exchange's line (see exchangeIdCodeOf). */
const LINE = 2;
const FAMILIES = 3;
const ZERO = 0x30;
const R = 0x72;
const DASH = 0x2d;
const QUOTE = 0x22;
/** Digits of MAX_CODED_ID - 1: a longer run is past it. */
const MAX_CODED_DIGITS = 9;

function codeOf(family: number, value: number): number {
  return -3 - (FAMILIES * value + family);
}

/** The code of the id `value`, or NOT_CODED. */
export function requestIdCodeOf(value: string): number {
  const length = value.length;
  let from = 0;
  let family = DIGITS;
  if (length > 2 && value.charCodeAt(0) === R && value.charCodeAt(1) === DASH) {
    from = 2;
    family = R_DASH;
  }
  const digits = length - from;
  if (digits === 0 || digits > MAX_CODED_DIGITS) return NOT_CODED;
  const first = value.charCodeAt(from) - ZERO;
  // A leading zero is another id than the number's: only "0" itself is canonical.
  if (first < 0 || first > 9 || (first === 0 && digits > 1)) return NOT_CODED;
  let number = first;
  for (let i = from + 1; i < length; i++) {
    const digit = value.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return NOT_CODED;
    number = number * 10 + digit;
  }
  return number < MAX_CODED_ID ? codeOf(family, number) : NOT_CODED;
}

/**
 * The code of the JSON string value whose characters start at bytes[from], as requestIdCodeOf
 * gives for its string, or NOT_CODED: `r-`, digits, then the closing quote (its position in
 * codedIdQuote()), read in one pass and no string made. A backslash, any other byte, or no quote
 * before `end` gives NOT_CODED: the caller reads such a value as it reads any string.
 */
export function requestIdCodeAt(bytes: Uint8Array, from: number, end: number): number {
  let p = from;
  let family = DIGITS;
  if (bytes[p] === R && bytes[p + 1] === DASH) {
    p += 2;
    family = R_DASH;
  }
  const first = p;
  let number = 0;
  for (; p < end; p++) {
    const digit = bytes[p]! - ZERO;
    if (digit < 0 || digit > 9) break;
    number = number * 10 + digit;
  }
  const digits = p - first;
  if (p >= end || bytes[p] !== QUOTE || digits === 0 || digits > MAX_CODED_DIGITS || (digits > 1 && bytes[first] === ZERO) || number >= MAX_CODED_ID) return NOT_CODED;
  quote = p;
  return codeOf(family, number);
}

/** The closing quote of the id requestIdCodeAt coded last. */
export function codedIdQuote(): number {
  return quote;
}

let quote = 0;

/**
 * The key of an id logged as a JSON number: String(value)'s code, without the string where that
 * is digits (a non-negative integer, -0 included: String(-0) is "0"); else the string itself.
 */
export function requestIdKeyOfNumber(value: number): string | number {
  return Number.isInteger(value) && value >= 0 && value < MAX_CODED_ID ? codeOf(DIGITS, value) : String(value);
}

/** The key the packed rows and the matcher use for the id `value`: its code, else the string. */
export function requestIdKeyOf(value: string): string | number {
  const code = requestIdCodeOf(value);
  return code === NOT_CODED ? value : code;
}

/** Whether `index`, a packed requestId, is a code (not a string's index, NULL or ABSENT). */
export function isRequestIdCode(index: number): boolean {
  return index <= -3;
}

/**
 * The code of the synthetic id `${file}:${line}` that pairs a request log's exchange (a pino
 * line makes both its request and its response, see exchange-events.ts), or NOT_CODED for a line
 * past MAX_CODED_ID. The code leaves the file out: it is written only into a reading thread's rows
 * of one file, whose every exchange is of that file, so a line names one exchange as the string
 * did. A merge reads those rows back as events (unpackEvents), where the code becomes the string
 * again from the row's file, so files merged stay apart as before.
 */
export function exchangeIdCodeOf(line: number): number {
  return Number.isInteger(line) && line >= 0 && line < MAX_CODED_ID ? codeOf(LINE, line) : NOT_CODED;
}

/** The id a code stands for, as it was logged or made (for unpacking events); `file` is its row's. */
export function requestIdOfCode(code: number, file: string): string {
  const k = -3 - code;
  const number = Math.floor(k / FAMILIES);
  const family = k % FAMILIES;
  return family === LINE ? `${file}:${number}` : (family === R_DASH ? "r-" : "") + String(number);
}
