import { stringOf } from "./byte-strings.js";
import { matchesWords, wordsOf, type Words } from "./byte-words-compare.js";
import { elementsEnd, ESCAPED, literalEnd, literalFound, NOT_PRINTABLE, numberFound, readNumber, skipValue, stringEnd, stringFlags, viewOf } from "./json-bytes.js";
import { clearPinoFields, type PinoFields } from "./pino-exchange.js";
import { RememberedMembers } from "./remembered-members.js";

/**
 * A pino-http line's fields (see PinoFields) read from its bytes, for lines whose JSON.parse is
 * certain to succeed and give those values: JSON.parse of each ~800-byte line and the garbage of
 * its some forty objects and strings were most of the reading thread's time on a pino log, the
 * bound of the whole run. The whole line is checked against JSON's grammar (json-bytes.ts), what
 * is passed over as much as what is read; the reader declines (false) every line it cannot show
 * JSON.parse would read the same, and JSON.parse then reads it, skip reasons and all:
 * - any whitespace between tokens, a byte after the object, nesting deeper than json-bytes allows;
 * - an escape in a key of an object it reads, or in a string value it reads (escapes are only
 *   checked where the value is passed over), a `__proto__` key in an object it reads, a key it
 *   reads twice in one object (JSON.parse keeps the last).
 * The bytes must be UTF-8 (the caller declines a line that was not): a string's non-ASCII bytes
 * are then its characters', and a string of them is decoded from the bytes.
 */
export function scanPinoBytes(bytes: Buffer, start: number, end: number, endpoint: Buffer, fields: PinoFields): boolean {
  if (end - start < 2 || bytes[start] !== OPEN_BRACE || bytes[end - 1] !== CLOSE_BRACE) return false;
  view = viewOf(bytes);
  lineBytes = bytes;
  lineEnd = end;
  endpointBytes = endpoint;
  out = clearPinoFields(fields);
  reqIsObject = false;
  resIsObject = false;
  requestSessionAt = -1;
  if (readObject(bytes, start, LINE) !== end) return false;
  fields.exchange = reqIsObject && resIsObject;
  return true;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const QUESTION_MARK = 0x3f;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The line being read, set by scanPinoBytes for the functions below. */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let lineBytes: Buffer = Buffer.alloc(0);
let lineEnd = 0;
let endpointBytes: Buffer = Buffer.alloc(0);
let out: PinoFields;
let reqIsObject = false;
let resIsObject = false;
/** Where the line's request session id, read as a string, is: its opening quote, and its length with the quotes. */
let requestSessionAt = -1;
let requestSessionLength = 0;

/** Keys of an object that is read, each found by its length and then its bytes. */
class Keys {
  private readonly byLength: number[][] = [];
  private readonly words: Words[];

  constructor(readonly keys: readonly string[]) {
    this.words = keys.map((key) => wordsOf(key));
    keys.forEach((key, index) => (this.byLength[key.length] ??= []).push(index));
  }

  /** The index of the key whose bytes are `length` bytes of the line from `from`, or -1. */
  indexOf(from: number, length: number): number {
    const candidates = this.byLength[length];
    if (candidates === undefined) return -1;
    for (let k = 0; k < candidates.length; k++) {
      const index = candidates[k]!;
      if (matchesWords(view, from, length, this.words[index]!, 0)) return index;
    }
    return -1;
  }
}

/** The objects that are read, by what they are; each has its keys, `__proto__` last, and its remembered members. */
const LINE = 0;
const REQ = 1;
const RES = 2;
const REQ_HEADERS = 3;
const RES_HEADERS = 4;
const PROTO = "__proto__";
const KEYS = [
  new Keys(["time", "pid", "hostname", "responseTime", "req", "res", PROTO]),
  new Keys(["method", "url", "remoteAddress", "headers", PROTO]),
  new Keys(["statusCode", "headers", PROTO]),
  new Keys(["mcp-session-id", "user-agent", PROTO]),
  new Keys(["mcp-session-id", "content-type", PROTO]),
];
const PROTO_INDEX = KEYS.map((keys) => keys.keys.length - 1);
const MEMBERS = KEYS.map(() => new RememberedMembers());

/**
 * Reads the object whose `{` is at `p`, of the kind `object` (LINE, REQ...), into `out`: the
 * position after its `}`, or -1 where this reader declines. A member whose key is the one its
 * kind had next on the line before is compared as remembered bytes (see RememberedMembers):
 * first the whole member (with the byte after it where its value is a number or a literal),
 * then its key alone.
 */
function readObject(bytes: Buffer, p: number, object: number): number {
  const end = lineEnd;
  const members = MEMBERS[object]!;
  p++;
  if (p < end && bytes[p] === CLOSE_BRACE) return p + 1;
  let seen = 0;
  let previous = -1;
  for (;;) {
    const start = p;
    let slot = members.expected(previous);
    let key: number;
    if (slot !== -1 && members.hasMemberAt(slot, view, p, end)) {
      key = members.knownKey(slot);
      p += members.memberValueEnd(slot);
      if (p >= end) return -1;
      if (key !== -1) {
        if ((seen & (1 << key)) !== 0) return -1;
        seen |= 1 << key;
        setField(object, key, members.memberValue(slot), start + members.keyLength(slot), p);
      }
    } else {
      if (slot !== -1 && members.hasKeyAt(slot, view, p, end)) {
        key = members.knownKey(slot);
        p += members.keyLength(slot);
        members.missed(slot);
      } else {
        if (p >= end || bytes[p] !== QUOTE) return -1;
        const close = stringEnd(bytes, p + 1, end);
        if (close < 0 || (stringFlags & ESCAPED) !== 0 || close + 1 >= end || bytes[close + 1] !== COLON) return -1;
        key = KEYS[object]!.indexOf(p + 1, close - p - 1);
        if (key === PROTO_INDEX[object]) return -1;
        slot = (stringFlags & NOT_PRINTABLE) === 0 ? members.slotOf(view, p, close + 2 - p, key) : -1;
        members.follows(previous, slot);
        p = close + 2;
      }
      if (key === -1) p = skipMember(bytes, p, end, members, slot);
      else {
        if ((seen & (1 << key)) !== 0) return -1;
        seen |= 1 << key;
        p = readMember(bytes, p, object, key, members, slot);
      }
      if (p < 0 || p >= end) return -1;
      if (simple && slot !== -1 && members.isAwake(slot)) {
        // A string, {} or [] ends where it ends: the byte after it is left out, so that the member
        // is the same whether a comma or the object's brace comes after it.
        const last = bytes[p - 1];
        if (last === QUOTE || last === CLOSE_BRACE || last === CLOSE_BRACKET) members.rememberMember(slot, view, start, p - start, p - start, found);
        else if (bytes[p] === COMMA || bytes[p] === CLOSE_BRACE) members.rememberMember(slot, view, start, p + 1 - start, p - start, found);
      }
    }
    const next = bytes[p++];
    if (next === COMMA) {
      previous = slot;
      continue;
    }
    return next === CLOSE_BRACE ? p : -1;
  }
}

/**
 * Whether the value just read is remembered with its member: a string of printable ASCII
 * without escapes, a number, a literal, `{}` or `[]`, whose bytes are all printable ASCII. Set
 * with `found` by the readers of values.
 */
let simple = false;

/** Passes over the value at `p` of a key that is not read; a string's bytes are remembered by its slot (-1: none). */
function skipMember(bytes: Buffer, p: number, end: number, members: RememberedMembers, slot: number): number {
  found = undefined;
  if (p >= end) return -1;
  const first = bytes[p]!;
  if (slot === -1 || first !== QUOTE) {
    const after = skipValue(bytes, p, end, 1);
    simple = first !== QUOTE && (after === p + 2 || (first !== OPEN_BRACE && first !== OPEN_BRACKET));
    return after;
  }
  const entry = members.valueAt(slot, view, p, end);
  simple = true;
  if (entry !== -1) return p + members.valueLength(entry);
  const close = stringEnd(bytes, p + 1, end);
  if (close < 0) return -1;
  simple = stringFlags === 0;
  if (simple) members.remember(slot, view, p, close + 1 - p, "");
  return close + 1;
}

/** Reads the value at `p` of the key `key` of an object of the kind `object`; the position after it, or -1. */
function readMember(bytes: Buffer, p: number, object: number, key: number, members: RememberedMembers, slot: number): number {
  const end = lineEnd;
  const isObject = p < end && bytes[p] === OPEN_BRACE;
  const start = p;
  if (object === LINE && (key === 4 || key === 5)) {
    simple = false;
    if (!isObject) return skipValue(bytes, p, end, 1);
    if (key === 4) reqIsObject = true;
    else resIsObject = true;
    const after = readObject(bytes, p, key === 4 ? REQ : RES);
    // Set again: the object's own members set it.
    simple = false;
    return after;
  }
  if ((object === REQ && key === 3) || (object === RES && key === 1)) {
    simple = false;
    if (!isObject) return skipValue(bytes, p, end, 1);
    if (object === REQ) out.requestSessionId = null;
    else out.responseSessionId = null;
    const after = readObject(bytes, p, object === REQ ? REQ_HEADERS : RES_HEADERS);
    simple = false;
    return after;
  }
  if (object === REQ && key === 1) {
    simple = false;
    return readUrl(bytes, p, end);
  }
  if (object < REQ_HEADERS) p = readScalar(bytes, p, end, members, slot);
  else if (object === RES_HEADERS && key === 0 && requestSessionAt !== -1 && p + requestSessionLength <= end && sameBytes(requestSessionAt, p, requestSessionLength)) {
    // A response's session id is most often its request's: compared with those bytes first.
    found = out.requestSessionId;
    simple = true;
    p += requestSessionLength;
  } else {
    if (object === RES_HEADERS && key === 0) responseSessionSlot = slot;
    p = readHeader(bytes, p, end, members, slot);
  }
  if (p >= 0) setField(object, key, found, start, p);
  return p;
}

/** Sets the field of the key `key` of an object of the kind `object` to `value`, whose bytes are the line's [from, to). */
function setField(object: number, key: number, value: unknown, from: number, to: number): void {
  switch (object) {
    case LINE:
      if (key === 0) out.time = value;
      else if (key === 1) out.pid = value;
      else if (key === 2) out.hostname = value;
      else out.responseTime = value;
      return;
    case REQ:
      if (key === 0) out.method = value;
      else out.remoteAddress = value;
      return;
    case RES:
      out.statusCode = value;
      return;
    case REQ_HEADERS:
      if (key === 1) out.userAgent = value as string | null;
      else {
        out.requestSessionId = value as string | null;
        if (typeof value === "string" && lineBytes[from] === QUOTE) {
          requestSessionAt = from;
          requestSessionLength = to - from;
        }
      }
      return;
    default:
      if (key === 0) out.responseSessionId = value as string | null;
      else out.contentType = value as string | null;
  }
}

/** Whether the line's `length` bytes at `a` and at `b` are the same; those at `a` are a string read before. */
function sameBytes(a: number, b: number, length: number): boolean {
  let i = 0;
  for (; i + 8 <= length; i += 8) if (view.getFloat64(a + i, true) !== view.getFloat64(b + i, true)) return false;
  for (; i < length; i++) if (view.getUint8(a + i) !== view.getUint8(b + i)) return false;
  return true;
}

/** Some object: what a scalar field holds where the line has an object or an array (only its type is read). */
const AN_OBJECT: object = Object.freeze({});
/** What the readers of values read, as PinoFields holds it. */
let found: unknown;

/** Reads the value at `p` into `found` (see PinoFields); the position after it, or -1. */
function readScalar(bytes: Buffer, p: number, end: number, members: RememberedMembers, slot: number): number {
  if (p >= end) return -1;
  const first = bytes[p]!;
  if (first === QUOTE) return readString(bytes, p, end, members, slot);
  simple = first !== OPEN_BRACE && first !== OPEN_BRACKET;
  if (first === MINUS || (first >= ZERO && first <= NINE)) {
    const after = readNumber(bytes, p, end);
    found = numberFound;
    return after;
  }
  if (!simple) {
    found = AN_OBJECT;
    return skipValue(bytes, p, end, 1);
  }
  const after = literalEnd(bytes, p, end);
  found = literalFound;
  return after;
}

/**
 * Reads a header's value at `p` into `found` as the parser's `header` takes it: a string, the
 * first element of an array when that is a string, else null.
 */
function readHeader(bytes: Buffer, p: number, end: number, members: RememberedMembers, slot: number): number {
  if (p >= end) return -1;
  const first = bytes[p];
  if (first === QUOTE) return readString(bytes, p, end, members, slot);
  found = null;
  simple = false;
  if (first !== OPEN_BRACKET || p + 1 >= end || bytes[p + 1] !== QUOTE) return skipValue(bytes, p, end, 1);
  p = readString(bytes, p + 1, end, members, -1);
  simple = false;
  return p < 0 ? -1 : elementsEnd(bytes, p, end, 1);
}

/**
 * Reads the string whose opening quote is at `p` into `found`: one of those its slot remembers
 * (the same string object, as packing's comparisons by reference want), else made from the bytes
 * and remembered. The position after it, or -1 (also for an escape in it).
 */
function readString(bytes: Buffer, p: number, end: number, members: RememberedMembers, slot: number): number {
  simple = true;
  if (slot !== -1) {
    const entry = members.valueAt(slot, view, p, end);
    if (entry !== -1) {
      found = members.valueString(entry);
      return p + members.valueLength(entry);
    }
    if (members === MEMBERS[REQ_HEADERS] && members.knownKey(slot) === 0) {
      const after = readResponseSessionId(p, end, members, slot);
      if (after !== -1) return after;
    }
  }
  const close = stringEnd(bytes, p + 1, end);
  if (close < 0 || (stringFlags & ESCAPED) !== 0) return -1;
  if ((stringFlags & NOT_PRINTABLE) !== 0) {
    simple = false;
    found = bytes.toString("utf8", p + 1, close);
    return close + 1;
  }
  const value = stringOf(bytes, p + 1, close);
  if (slot !== -1) members.remember(slot, view, p, close + 1 - p, value);
  found = value;
  return close + 1;
}

/** The slot of the responses' `mcp-session-id`, as the response headers' members number it, or -1. */
let responseSessionSlot = -1;

/**
 * Reads the request's session id at `p` into `found` where it is one of the ids responses had
 * lately (the same string, remembered in `slot` of the request headers' `members` too); the
 * position after it, or -1. A session's first request carries the id its initialize's response
 * gave, which the request headers' own values have not seen: a string made again, for ~0.3 of
 * the bench log's lines.
 */
function readResponseSessionId(p: number, end: number, members: RememberedMembers, slot: number): number {
  const responses = MEMBERS[RES_HEADERS]!;
  if (responseSessionSlot === -1 || responses.knownKey(responseSessionSlot) !== 0) return -1;
  const entry = responses.valueAt(responseSessionSlot, view, p, end);
  if (entry === -1) return -1;
  const value = responses.valueString(entry);
  const length = responses.valueLength(entry);
  members.remember(slot, view, p, length, value);
  found = value;
  return p + length;
}

/** Reads whether the url at `p` is to the endpoint into `out.toEndpoint`, as pathOf(url) === endpoint; the position after it, or -1. */
function readUrl(bytes: Buffer, p: number, end: number): number {
  if (p >= end || bytes[p] !== QUOTE) {
    out.toEndpoint = false;
    return skipValue(bytes, p, end, 1);
  }
  const close = stringEnd(bytes, p + 1, end);
  if (close < 0 || (stringFlags & ESCAPED) !== 0) return -1;
  // A `?` byte is one in UTF-8 text: never part of another character's bytes.
  let pathEnd = p + 1;
  while (pathEnd < close && bytes[pathEnd] !== QUESTION_MARK) pathEnd++;
  const length = pathEnd - p - 1;
  let same = length === endpointBytes.length;
  for (let i = 0; same && i < length; i++) same = bytes[p + 1 + i] === endpointBytes[i];
  out.toEndpoint = same;
  return close + 1;
}
