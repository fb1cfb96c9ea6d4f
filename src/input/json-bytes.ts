import { matchesWords, plainWordsEnd, wordsOf } from "./byte-words-compare.js";

/**
 * JSON's grammar checked on a line's UTF-8 bytes, for readers that decline a line JSON.parse might
 * read otherwise (pino-bytes.ts): each function takes the position of a token and gives the
 * position after it, or -1 where the bytes from there are not that token within `end`. Whitespace
 * between tokens is not taken (a reader declines it); a string's non-ASCII bytes are taken as
 * they are (the caller knows the line is UTF-8).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** Objects and arrays within objects and arrays: far beyond any log line's, and a bound on the recursion. */
const MAX_DEPTH = 64;
/** An integer of at most 15 digits is exact as its digits are summed: JSON.parse gives the same double. */
const MAX_DIGITS = 15;

let viewBytes: Buffer | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** A DataView of `bytes`, made once per chunk, that the functions here read `bytes` through. */
export function viewOf(bytes: Buffer): DataView<ArrayBufferLike> {
  if (bytes !== viewBytes) {
    viewBytes = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  return view;
}

/** Whether the last string stringEnd scanned has an escape, or a byte other than printable ASCII. */
export const ESCAPED = 1;
export const NOT_PRINTABLE = 2;
export let stringFlags = 0;

/**
 * The closing quote of the string whose characters start at `from`, its ESCAPED and NOT_PRINTABLE
 * in `stringFlags`; -1 where it is not a JSON string (a control character, an escape JSON has not,
 * no closing quote). Passed over four bytes at a time (plainWordsEnd); only a word that holds a
 * quote, a backslash or a byte that is not printable ASCII is read byte by byte.
 */
export function stringEnd(bytes: Buffer, from: number, end: number): number {
  let i = from;
  let flags = 0;
  for (;;) {
    i = plainWordsEnd(view, i, end);
    const stop = i + 4 <= end ? i + 4 : end;
    if (i >= stop) return -1;
    for (; i < stop; i++) {
      const byte = bytes[i]!;
      if (byte === QUOTE) {
        stringFlags = flags;
        return i;
      }
      if (byte === BACKSLASH) {
        flags |= ESCAPED;
        i = escapeEnd(bytes, i, end);
        if (i < 0) return -1;
        break;
      }
      if (byte < 0x20) return -1;
      if (byte > 0x7e) flags |= NOT_PRINTABLE;
    }
  }
}

/** By byte after a backslash: 1 for the escapes of one character, 2 for `u`. */
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;
ESCAPE[0x75] = 2;
const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;

/** The position after the escape whose backslash is at `i`, or -1 where JSON has no such escape. */
function escapeEnd(bytes: Buffer, i: number, end: number): number {
  if (i + 1 >= end) return -1;
  const kind = ESCAPE[bytes[i + 1]!]!;
  if (kind === 1) return i + 2;
  if (kind === 0 || i + 6 > end) return -1;
  return HEX[bytes[i + 2]!]! & HEX[bytes[i + 3]!]! & HEX[bytes[i + 4]!]! & HEX[bytes[i + 5]!]! ? i + 6 : -1;
}

/** The position after the JSON value at `p`, passed over (`depth` is how deep it is), or -1; also for nesting past MAX_DEPTH. */
export function skipValue(bytes: Buffer, p: number, end: number, depth: number): number {
  if (p >= end) return -1;
  const first = bytes[p]!;
  if (first === QUOTE) {
    const close = stringEnd(bytes, p + 1, end);
    return close < 0 ? -1 : close + 1;
  }
  if (first === OPEN_BRACE) return depth > MAX_DEPTH ? -1 : membersEnd(bytes, p, end, depth + 1);
  if (first === OPEN_BRACKET) {
    if (depth > MAX_DEPTH) return -1;
    if (p + 1 < end && bytes[p + 1] === CLOSE_BRACKET) return p + 2;
    const after = skipValue(bytes, p + 1, end, depth + 1);
    return after < 0 ? -1 : elementsEnd(bytes, after, end, depth + 1);
  }
  if (first === MINUS || (first >= ZERO && first <= NINE)) return numberEnd(bytes, p, end);
  return literalEnd(bytes, p, end);
}

/** The position after an object passed over, whose `{` is at `p`, or -1. */
function membersEnd(bytes: Buffer, p: number, end: number, depth: number): number {
  p++;
  if (p < end && bytes[p] === CLOSE_BRACE) return p + 1;
  for (;;) {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    const close = stringEnd(bytes, p + 1, end);
    if (close < 0 || close + 1 >= end || bytes[close + 1] !== COLON) return -1;
    p = skipValue(bytes, close + 2, end, depth);
    if (p < 0 || p >= end) return -1;
    const next = bytes[p++];
    if (next === COMMA) continue;
    return next === CLOSE_BRACE ? p : -1;
  }
}

/** The position after the `]` of an array whose first element ends at `p`, the others passed over, or -1. */
export function elementsEnd(bytes: Buffer, p: number, end: number, depth: number): number {
  for (;;) {
    if (p >= end) return -1;
    const next = bytes[p++];
    if (next === CLOSE_BRACKET) return p;
    if (next !== COMMA) return -1;
    p = skipValue(bytes, p, end, depth);
    if (p < 0) return -1;
  }
}

/** What literalEnd read. */
export let literalFound: boolean | null = null;
const TRUE = wordsOf("true");
const FALSE = wordsOf("false");
const NULL = wordsOf("null");

/** The position after `true`, `false` or `null` at `p` (its value in `literalFound`), or -1. */
export function literalEnd(bytes: Buffer, p: number, end: number): number {
  const first = bytes[p];
  if (first === 0x74 && p + 4 <= end && matchesWords(view, p, 4, TRUE, 0)) {
    literalFound = true;
    return p + 4;
  }
  if (first === 0x66 && p + 5 <= end && matchesWords(view, p, 5, FALSE, 0)) {
    literalFound = false;
    return p + 5;
  }
  if (first === 0x6e && p + 4 <= end && matchesWords(view, p, 4, NULL, 0)) {
    literalFound = null;
    return p + 4;
  }
  return -1;
}

/** The position after the JSON number at `p`, or -1 where JSON's grammar has none there: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. */
function numberEnd(bytes: Buffer, p: number, end: number): number {
  let i = p;
  if (bytes[i] === MINUS) i++;
  if (i >= end) return -1;
  const lead = bytes[i]!;
  if (lead === ZERO) i++;
  else if (lead > ZERO && lead <= NINE) i = digitsEnd(bytes, i + 1, end);
  else return -1;
  if (i < end && bytes[i] === DOT) {
    const after = digitsEnd(bytes, i + 1, end);
    if (after === i + 1) return -1;
    i = after;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    const after = digitsEnd(bytes, i, end);
    if (after === i) return -1;
    i = after;
  }
  return i;
}

function digitsEnd(bytes: Buffer, i: number, end: number): number {
  while (i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE) i++;
  return i;
}

/** What readNumber read. */
export let numberFound = 0;

/**
 * Reads the number at `p` into `numberFound` as JSON.parse gives it; the position after it, or
 * -1. An integer of up to MAX_DIGITS digits is summed from them in one pass; any other number
 * is Number() of its text, which rounds as JSON.parse does.
 */
export function readNumber(bytes: Buffer, p: number, end: number): number {
  const negative = bytes[p] === MINUS;
  const digitsStart = negative ? p + 1 : p;
  let i = digitsStart;
  let value = 0;
  if (i < end && bytes[i] === ZERO) i++;
  else {
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
  }
  const next = i < end ? bytes[i] : -1;
  if (i > digitsStart && i - digitsStart <= MAX_DIGITS && next !== DOT && next !== 0x65 && next !== 0x45) {
    numberFound = negative ? -value : value;
    return i;
  }
  const after = numberEnd(bytes, p, end);
  if (after < 0) return -1;
  numberFound = Number(bytes.toString("latin1", p, after));
  return after;
}
