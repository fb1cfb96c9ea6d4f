import type { LineRef } from "../events.js";
import { ByteWords } from "./byte-words.js";
import { stringOf } from "./byte-strings.js";
import { keepWords, matchesWords, plainWordsEnd, wordCount, wordsOf, type Words } from "./byte-words-compare.js";
import { ISO_TIMESTAMP_BYTES, isoSecond, readIsoTimestamp } from "./byte-timestamp.js";
import type { EventRows } from "./event-rows.js";
import { EVENT_NAMES, parseEventsLine, toEvent, writeEventRow } from "./events-format.js";
import type { LineResult } from "./line-result.js";
import { parseEpochTimestamp } from "./parse-timestamp.js";
import type { RawLine } from "./read-lines.js";
import { codedIdQuote, NOT_CODED, requestIdCodeAt, requestIdKeyOfNumber } from "./request-id-code.js";

/**
 * An events line read from its bytes when it can be, else by parseEventsLine from its text: the
 * same result either way. JSON.parse was half of the reading thread's time. A log the bytes
 * reader cannot read pays for the attempt on every line (a non-ASCII value at the end of each
 * line of 30 MB: 1.11 → 1.41 s user), so after DECLINES_BEFORE_PAUSE declines in a row it
 * rests for PAUSE_LINES lines.
 */
export function parseEventsRawLine(raw: RawLine, ref: LineRef): LineResult {
  if (pausedFor > 0) {
    pausedFor--;
    return parseEventsLine(raw.text, ref);
  }
  const result = readEventsBytes(raw.bytes, raw.start, raw.end, raw.text, ref);
  if (result !== undefined) {
    declinedInARow = 0;
    return result;
  }
  declined();
  return parseEventsLine(raw.text, ref);
}

/**
 * parseEventsRawLine on a reading thread: a line the bytes reader reads is written into `rows`
 * (see writeEventRow) and WRITTEN is returned; any other line is parseEventsLine's result.
 * The reading thread so makes no Event, no fields copy and no result per line: at 1 GiB, GC,
 * toEvent, packEvents and orderWithinWindow were a fifth of its profile.
 */
export function parseEventsRawLineInto(raw: RawLine, rows: EventRows, path: string, prefix: string | undefined): LineResult {
  if (pausedFor > 0) {
    pausedFor--;
    return parseEventsLine(raw.text, { file: path, line: raw.line });
  }
  const name = scanEventsBytes(raw.bytes, raw.start, raw.end, raw.text, prefix === undefined);
  if (name !== -1 && isShaped(name)) {
    writeEventRow(rows, EVENT_NAMES[name]!, fields, scannedAt, raw.line, prefix);
    declinedInARow = 0;
    return WRITTEN;
  }
  declined();
  return parseEventsLine(raw.text, { file: path, line: raw.line });
}

const WRITTEN: LineResult = { type: "written" };

const DECLINES_BEFORE_PAUSE = 64;
const PAUSE_LINES = 4096;
let declinedInARow = 0;
let pausedFor = 0;

function declined(): void {
  if (++declinedInARow === DECLINES_BEFORE_PAUSE) {
    declinedInARow = 0;
    pausedFor = PAUSE_LINES;
  }
}

const KEYS = ["event", "timestamp", "request_id", "method", "mcp_session_id", "is_initialize", "rpc_method", "user_agent", "remote_address", "status", "session_id", "active_sessions", "elapsed_ms", "pid"] as const;
/** The first and third bytes tell the keys apart, the ninth and tenth the event names. */
const KEY_WORDS = new ByteWords(KEYS, 0, 2);
const NAME_WORDS = new ByteWords(EVENT_NAMES, 8, 9);
const EVENT = 0;
const TIMESTAMP = 1;
const REQUEST_ID = 2;

/** By key, as bits of a mask: what scanEventsBytes read for the line's keys (booleans are the rest). */
let seenKeys = 0;
let scannedStrings = 0;
let scannedNumbers = 0;
let scannedNulls = 0;
let scannedNegatives = 0;

const bits = (...keys: (typeof KEYS)[number][]) => keys.reduce((mask, key) => mask | (1 << KEYS.indexOf(key)), 0);
const HEADERS = bits("method", "mcp_session_id", "rpc_method", "user_agent", "remote_address");
/**
 * By event name, toEvent's quick checks (isRequestShaped and the others) on the types the scan
 * saw, a few mask tests where the checks read the fields again (writeEventRow and its checks were
 * 155 ms of the 1 GiB log). Every number the scan reads is an integer: only the sign is left to check.
 */
const NOT_STRING = [bits("is_initialize"), bits("status"), bits("active_sessions"), bits("active_sessions"), bits("active_sessions"), bits("elapsed_ms"), bits("pid")];
const NOT_NUMBER = [HEADERS | bits("is_initialize"), bits("mcp_session_id"), bits("session_id"), bits("session_id"), bits("session_id"), bits("session_id"), 0];
const NOT_BOOLEAN = [HEADERS | bits("request_id"), bits("request_id", "mcp_session_id", "status"), bits("session_id", "active_sessions"), bits("session_id", "active_sessions"), bits("session_id", "active_sessions"), bits("session_id", "elapsed_ms"), bits("pid")];
const NOT_NEGATIVE = [0, 0, bits("active_sessions"), bits("active_sessions"), bits("active_sessions"), bits("elapsed_ms"), 0];
const REQUIRED_STRING = [0, 0, bits("session_id"), bits("session_id"), bits("session_id"), 0, 0];
const FIELD_KEYS = ~bits("event", "timestamp");

/** Whether toEvent would make an event of the fields scanEventsBytes read for the event `name`. */
function isShaped(name: number): boolean {
  const booleans = seenKeys & FIELD_KEYS & ~(scannedStrings | scannedNumbers | scannedNulls);
  return (
    (scannedStrings & NOT_STRING[name]!) === 0 &&
    (scannedNumbers & NOT_NUMBER[name]!) === 0 &&
    (booleans & NOT_BOOLEAN[name]!) === 0 &&
    (scannedNegatives & NOT_NEGATIVE[name]!) === 0 &&
    (scannedStrings & REQUIRED_STRING[name]!) === REQUIRED_STRING[name]!
  );
}

/**
 * The fields toEvent reads, as JSON.parse's object would hold them: one object of one shape,
 * filled line after line, every field undefined where the line has none. toEvent copies what it
 * keeps into the event.
 */
const fields: Record<(typeof KEYS)[number], unknown> = Object.fromEntries(KEYS.map((key) => [key, undefined])) as Record<(typeof KEYS)[number], unknown>;

const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const ZERO = 0x30;
/** JSON.parse reads an integer of at most 15 digits to the double the digits say: read so here too. */
const MAX_DIGITS = 15;
const TRUE = wordsOf("true");
const FALSE = wordsOf("false");
const NULL = wordsOf("null");

/** By byte: 0 for what a string may hold as it is (printable ASCII but `"` and `\`), 1 for `"`, 2 for the rest. */
const STRING_BYTE = new Uint8Array(256).fill(2).fill(0, 0x20, 0x7f);
STRING_BYTE[QUOTE] = 1;
STRING_BYTE[0x5c] = 2;

/** What the value readers found: set by them, read right after. */
const found: { value: string | number | boolean | null } = { value: null };

/** A DataView of the bytes lines are read from, made once per chunk: eight bytes are compared at a time. */
let viewBytes: Buffer | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** Each key with its quotes and colon, `"key":`, as it is compared with a line's bytes, and its length. */
const QUOTED_LENGTHS = Int32Array.from(KEYS, (key) => key.length + 3);
/**
 * The keys' words one after the other, each from its QUOTED_OFFSETS: one typed array, where an
 * array of them was a load of the key's array, then of its length and data, at every key of every
 * line (callgrind, 5 MB of the bench log read alone: scanEventsBytes 53.3 -> 49.6 M instructions a pass).
 */
const QUOTED_OFFSETS = Int32Array.from(KEYS, (_, index) => QUOTED_LENGTHS.subarray(0, index).reduce((sum, length) => sum + wordCount(length), 0));
const QUOTED_KEYS = new Float64Array(QUOTED_OFFSETS[KEYS.length - 1]! + wordCount(QUOTED_LENGTHS[KEYS.length - 1]!));
KEYS.forEach((key, index) => QUOTED_KEYS.set(wordsOf(`"${key}":`), QUOTED_OFFSETS[index]!));
/**
 * A log writes the keys of a kind of event in one order: by the line's kind (a last row for the
 * keys before its event is read) and a member's place, the key the last such line had there. A
 * key where it is expected is compared as `"key":` in one go (99.6% of keys in the bench log).
 */
const ROW = 16;
const BEFORE_EVENT = EVENT_NAMES.length;
const keyAt = new Int8Array((EVENT_NAMES.length + 1) * ROW).fill(-1);

/**
 * By key: the string values read last, as bytes (up to RECENT_BYTES of them) and their strings,
 * the one read last first. A value is often the one before it (the method 93% of lines, the session id 82%,
 * the client 70%, a request id 50%: its response), else one a few lines before (seven JSON-RPC
 * methods, eleven clients in the bench log; a session's id read as `session_id` then as
 * `mcp_session_id`, which share their values); compared first, it needs no scan and no look-up.
 * With the last value alone, 447,000 values of the 100 MiB bench log went to stringOf, then a
 * table whose probes missed the CPU's caches (stringOf and readKnownString were 1.16 s of the
 * 1 GiB log); now a new string each.
 */
const RECENT_BYTES = 128;
const RECENT_WORDS = wordCount(RECENT_BYTES);
/** Values remembered by key, a power of two: 2 for request ids (a request's, then its response's), RECENT for the others. */
const RECENT = 8;
const recentMask = Int32Array.from(KEYS, (key) => (key === "request_id" ? 2 : RECENT) - 1);
/** The keys whose values are remembered together: a session id's. */
const FAMILY = Int32Array.from(KEYS, (key, index) => (key === "session_id" ? KEYS.indexOf("mcp_session_id") : index));
const recentWords = new Float64Array(KEYS.length * RECENT * RECENT_WORDS);
const recentLength = new Int32Array(KEYS.length * RECENT).fill(-1);
const recentString: string[] = new Array<string>(KEYS.length * RECENT).fill("");
/**
 * By family, its entries (0 to its key's mask) from the one read last to the one read longest
 * ago: a value found moves to the front, a new one takes the place of the last. Kept in the
 * order they were first read, the entries made the method's POST the second compared on every
 * line (its GET written after it) and the client 3.5 entries deep on average in the 100 MiB bench
 * log; by last read, 15,000 of 200,000 methods and 65,000 of 200,000 clients (19,000 of them new
 * to it) are not the first compared (counted).
 */
const recentOrder = Int8Array.from({ length: KEYS.length * RECENT }, (_, i) => i % RECENT);

/**
 * The LineResult parseEventsLine gives for `bytes[start, end)` read as text, or undefined when
 * this reader cannot show it would be the same: it reads only `{"key":value,...}` without
 * whitespace, each known key at most once, string values of printable ASCII without escapes,
 * integers of at most 15 digits without a leading zero, true, false and null (other keys may
 * hold any of these and are passed over), a known event name, and a timestamp as
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` or an integer; and only lines that make an event. Any other line,
 * and every skip with its wording, is parseEventsLine's. `text` is the line decoded: where this
 * reader accepts a line, every byte is ASCII and its offsets are the bytes' offsets.
 */
export function readEventsBytes(bytes: Buffer, start: number, end: number, text: string, ref: LineRef): LineResult | undefined {
  const name = scanEventsBytes(bytes, start, end, text, false);
  if (name === -1) return undefined;
  const result = toEvent(EVENT_NAMES[name]!, fields, scannedAt, ref);
  return result.type === "event" ? result : undefined;
}

/** The timestamp scanEventsBytes read, in epoch ms: a double kept in a variable, not in an object (a new HeapNumber each). */
let scannedAt = NaN;

/**
 * The index in EVENT_NAMES of the line's event, its fields in `fields` and its time in
 * `scannedAt`; -1 where the bytes reader declines the line (see readEventsBytes). With `codeIds`
 * (rows written without a merge's prefix) the request id is its code where it has one, read from
 * the bytes (request-id-code.ts), and a JSON number is its code or String(number), as
 * writeEventRow wants it: the line's types are still what was read (`strings`, `numbers`).
 */
function scanEventsBytes(bytes: Buffer, start: number, end: number, text: string, codeIds: boolean): number {
  if (end - start < 2 || bytes[start] !== OPEN_BRACE || bytes[end - 1] !== CLOSE_BRACE) return -1;
  if (bytes !== viewBytes) {
    viewBytes = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  clearFields();
  let seen = 0;
  let strings = 0;
  let numbers = 0;
  let nulls = 0;
  let negatives = 0;
  let name = -1;
  let loggedAt = NaN;
  let idCode = NOT_CODED;
  let p = start + 1;
  for (let place = 0; ; place++) {
    const row = (name === -1 ? BEFORE_EVENT : name) * ROW + place;
    const expected = place < ROW ? keyAt[row]! : -1;
    let key: number;
    if (expected !== -1 && p + QUOTED_LENGTHS[expected]! < end && matchesWords(view, p, QUOTED_LENGTHS[expected]!, QUOTED_KEYS, QUOTED_OFFSETS[expected]!)) {
      key = expected;
      p += QUOTED_LENGTHS[expected]!;
    } else {
      if (bytes[p] !== QUOTE) return -1;
      key = KEY_WORDS.indexAt(bytes, view, p + 1, end);
      const keyEnd = key !== -1 ? p + KEY_WORDS.quotedLength(key) : stringEnd(bytes, p + 1, end);
      if (keyEnd < 0 || bytes[keyEnd + 1] !== COLON) return -1;
      if (place < ROW) keyAt[row] = key;
      p = keyEnd + 2;
    }
    if (key !== -1) {
      if ((seen & (1 << key)) !== 0) return -1;
      seen |= 1 << key;
    }
    if (key === EVENT) {
      if (bytes[p] !== QUOTE) return -1;
      name = NAME_WORDS.indexAt(bytes, view, p + 1, end);
      if (name === -1) return -1;
      p += 1 + NAME_WORDS.quotedLength(name);
    } else if (key === TIMESTAMP && bytes[p] === QUOTE) {
      // Read here, not through `found`: a double stored in an object's field is a new HeapNumber.
      const ms = readIsoTimestamp(bytes, view, p, end);
      if (ms < 0) return -1;
      loggedAt = isoSecond[0]! + ms;
      p += ISO_TIMESTAMP_BYTES;
    } else if (key === TIMESTAMP) {
      p = readEpochTimestamp(bytes, p, end);
      if (p < 0) return -1;
      loggedAt = found.value as number;
    } else if (key === REQUEST_ID && codeIds && bytes[p] === QUOTE && (idCode = requestIdCodeAt(bytes, p + 1, end)) !== NOT_CODED) {
      // Its bytes are digits, `r` and `-`: a string readKnownString would read, made no string of.
      fields.request_id = idCode;
      strings |= 1 << key;
      p = codedIdQuote() + 1;
    } else if (key !== -1 && bytes[p] === QUOTE) {
      p = readKnownString(key, bytes, p + 1, end, text, start);
      if (p < 0) return -1;
      strings |= 1 << key;
    } else {
      p = readValue(bytes, p, end);
      if (p < 0) return -1;
      if (key !== -1) {
        const value = found.value;
        setField(key, key === REQUEST_ID && codeIds && typeof value === "number" ? requestIdKeyOfNumber(value) : value);
        if (value === null) nulls |= 1 << key;
        else if (typeof value === "string") strings |= 1 << key;
        else if (typeof value === "number") {
          numbers |= 1 << key;
          if (value < 0) negatives |= 1 << key;
        }
      }
    }
    const next = bytes[p++];
    if (next === COMMA) continue;
    if (next === CLOSE_BRACE && p === end && name !== -1 && !Number.isNaN(loggedAt)) break;
    return -1;
  }
  scannedAt = loggedAt;
  seenKeys = seen;
  scannedStrings = strings;
  scannedNumbers = numbers;
  scannedNulls = nulls;
  scannedNegatives = negatives;
  return name;
}

function clearFields(): void {
  fields.request_id = undefined;
  fields.method = undefined;
  fields.mcp_session_id = undefined;
  fields.is_initialize = undefined;
  fields.rpc_method = undefined;
  fields.user_agent = undefined;
  fields.remote_address = undefined;
  fields.status = undefined;
  fields.session_id = undefined;
  fields.active_sessions = undefined;
  fields.elapsed_ms = undefined;
  fields.pid = undefined;
}

/** A store per key, not `fields[KEYS[key]]`: a keyed store with a changing name is a lookup each time. */
function setField(key: number, value: string | number | boolean | null): void {
  switch (key) {
    case 2: fields.request_id = value; break;
    case 3: fields.method = value; break;
    case 4: fields.mcp_session_id = value; break;
    case 5: fields.is_initialize = value; break;
    case 6: fields.rpc_method = value; break;
    case 7: fields.user_agent = value; break;
    case 8: fields.remote_address = value; break;
    case 9: fields.status = value; break;
    case 10: fields.session_id = value; break;
    case 11: fields.active_sessions = value; break;
    case 12: fields.elapsed_ms = value; break;
    default: fields.pid = value;
  }
}

/**
 * The closing quote of the string whose characters start at `from`, or -1 where this reader
 * declines the string: passed over four bytes at a time (plainWordsEnd), only the word that holds
 * a quote, a backslash or a byte that is not printable ASCII read byte by byte.
 */
function stringEnd(bytes: Buffer, from: number, end: number): number {
  let i = plainWordsEnd(view, from, end);
  while (i < end && STRING_BYTE[bytes[i]!] === 0) i++;
  return i < end && bytes[i] === QUOTE ? i : -1;
}

/**
 * Reads the string value of a known key whose characters start at `from` into its field (stored
 * there once, not through `found`: a string stored into a long-lived object is a write barrier's
 * call each time when the string is young, as a session id read a few lines back is): one of
 * the key's recent values when the bytes are its bytes and a quote (theirs were checked when
 * read), else read and remembered. Request ids are mostly unique: cut from the text (a copy when
 * short), not interned. The position after the string, or -1 where this reader declines it.
 */
function readKnownString(key: number, bytes: Buffer, from: number, end: number, text: string, lineStart: number): number {
  const family = FAMILY[key]! * RECENT;
  const mask = recentMask[key]!;
  for (let k = 0; k <= mask; k++) {
    const place = recentOrder[family + k]!;
    const entry = family + place;
    const length = recentLength[entry]!;
    if (length >= 0 && from + length < end && bytes[from + length] === QUOTE && matchesWords(view, from, length, recentWords, entry * RECENT_WORDS)) {
      if (k > 0) moveToFront(family, k, place);
      setField(key, recentString[entry]!);
      return from + length + 1;
    }
  }
  const close = stringEnd(bytes, from, end);
  if (close < 0) return -1;
  const value = key === REQUEST_ID ? text.slice(from - lineStart, close - lineStart) : stringOf(bytes, from, close);
  if (close - from <= RECENT_BYTES) {
    const place = recentOrder[family + mask]!;
    const entry = family + place;
    keepWords(view, from, close - from, recentWords, entry * RECENT_WORDS);
    recentLength[entry] = close - from;
    recentString[entry] = value;
    moveToFront(family, mask, place);
  }
  setField(key, value);
  return close + 1;
}

/** Moves the family's entry `place`, its k-th, to the front of its order. */
function moveToFront(family: number, k: number, place: number): void {
  for (let j = family + k; j > family; j--) recentOrder[j] = recentOrder[j - 1]!;
  recentOrder[family] = place;
}

/** Reads the value at `p` into `found`, as JSON.parse gives it; the position after it, or -1 where this reader declines. */
function readValue(bytes: Buffer, p: number, end: number): number {
  const first = bytes[p];
  if (first === QUOTE) {
    const close = stringEnd(bytes, p + 1, end);
    if (close < 0) return -1;
    found.value = stringOf(bytes, p + 1, close);
    return close + 1;
  }
  if (first === 0x74) return literal(p, end, TRUE, 4, true);
  if (first === 0x66) return literal(p, end, FALSE, 5, false);
  if (first === 0x6e) return literal(p, end, NULL, 4, null);
  return readInteger(bytes, p, end);
}

function literal(p: number, end: number, spelling: Words, length: number, value: boolean | null): number {
  if (p + length > end || !matchesWords(view, p, length, spelling, 0)) return -1;
  found.value = value;
  return p + length;
}

/**
 * `-?(0|[1-9][0-9]{0,14})` at `p`, into `found`. A fraction, an exponent or a leading zero
 * leaves a byte the caller does not take after it, so the line is declined.
 */
function readInteger(bytes: Buffer, p: number, end: number): number {
  const negative = bytes[p] === MINUS;
  const digitsStart = negative ? p + 1 : p;
  let value = 0;
  let i = digitsStart;
  if (bytes[i] === ZERO) i++;
  else {
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
  }
  if (i === digitsStart || i - digitsStart > MAX_DIGITS) return -1;
  found.value = negative ? -value : value;
  return i;
}

/**
 * Reads the numeric timestamp at `p` into `found` as epoch ms, as parseTimestampField would: an
 * integer, by parseEpochTimestamp. The position after it, or -1 where this reader declines.
 */
function readEpochTimestamp(bytes: Buffer, p: number, end: number): number {
  const after = readInteger(bytes, p, end);
  if (after < 0) return -1;
  const ms = parseEpochTimestamp(found.value as number);
  if (ms === null) return -1;
  found.value = ms;
  return after;
}
