import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { PACKED, packEvents, requestIdAt, unpackEvents } from "../../src/input/event-codec.js";
import { MAX_CODED_ID, NOT_CODED, requestIdCodeOf, requestIdCodeAt, codedIdQuote, requestIdKeyOf, requestIdKeyOfNumber, requestIdOfCode } from "../../src/input/request-id-code.js";

/** Ids coded and not, with the spellings a coder could confuse: leading zeros, "r-" alone, past 2^29, signs, fractions. */
const CODED = ["0", "1", "9", "10", "42", "536870911", "r-0", "r-1", "r-10", "r-536870911", "123456789"];
const NOT = ["", "r", "r-", "-", "-1", "-0", "01", "00", "007", "r-01", "r-00", "r--1", "r-r-1", "R-1", "r_1", "1.5", "1.0", "1e3", "+1", " 1", "1 ", "536870912", "r-536870912", "1234567890", "9999999999", "٣", "1a", "r-1a", "x-1", "0:1", "0:r-1"];

test("canonical digits and r- before them are codes <= -3, one per id; every other id has none", () => {
  const codes = new Set<number>();
  for (const id of CODED) {
    const code = requestIdCodeOf(id);
    assert.ok(code <= -3 && Number.isInteger(code) && code >= -(2 ** 31), `${id}: ${code}`);
    assert.equal(requestIdOfCode(code, "any.log"), id);
    assert.equal(requestIdKeyOf(id), code);
    codes.add(code);
  }
  assert.equal(codes.size, CODED.length);
  for (const id of NOT) {
    assert.equal(requestIdCodeOf(id), NOT_CODED, id);
    assert.equal(requestIdKeyOf(id), id);
  }
  assert.equal(requestIdCodeOf(String(MAX_CODED_ID - 1)), requestIdCodeOf("536870911"));
});

test("codes read from bytes are the strings' codes, wherever the id sits in the buffer", () => {
  for (const id of [...CODED, ...NOT]) {
    const bytes = Buffer.from(`9r-${id}"1`);
    const from = 3;
    const code = requestIdCodeAt(bytes, from, bytes.length);
    assert.equal(code, requestIdCodeOf(id), id);
    if (code !== NOT_CODED) assert.equal(codedIdQuote(), from + id.length, id);
    // Without its closing quote before the end, or with a byte after its digits, it is not coded.
    assert.equal(requestIdCodeAt(bytes, from, from + Buffer.byteLength(id)), NOT_CODED, id);
    assert.equal(requestIdCodeAt(Buffer.from(`${id}\\"`), 0, id.length + 2), NOT_CODED, id);
  }
});

test("an id logged as a JSON number has the key of String(number): -0 is 0's, a negative, a fraction or a large one is a string", () => {
  for (const value of [0, -0, 1, 7, 100, 536870911, 536870912, -1, 1.5, 1e21, -1e-7, 2 ** 31, 9007199254740993]) {
    assert.equal(requestIdKeyOfNumber(value), requestIdKeyOf(String(value)), String(value));
  }
  assert.equal(requestIdKeyOfNumber(-0), requestIdCodeOf("0"));
  assert.equal(requestIdKeyOfNumber(-1), "-1");
  assert.equal(requestIdKeyOfNumber(536870912), "536870912");
});

test("packed events carry a coded id as its code, any other as a string, and unpack to the ids logged", () => {
  const ref = { file: "log.jsonl", line: 1 };
  const ids = [...CODED, ...NOT, "r-1", "r-1", "0:r-1"];
  const events: Event[] = ids.flatMap((requestId, i): Event[] => [
    { at: i, ref, kind: "request", requestId, httpMethod: "POST", sessionId: undefined, isInitialize: null, rpcMethod: null, userAgent: null, remoteAddress: null },
    { at: i, ref, kind: "response", requestId, sessionId: null, status: 200 },
  ]);
  events.push({ at: 99, ref, kind: "response", requestId: null, sessionId: null, status: null });
  const packed = packEvents(events);
  const keys = events.map((_, e) => requestIdAt(packed.strings, packed.ints[e * PACKED.INTS + PACKED.requestId]!));
  assert.deepEqual(keys, events.map((e) => (e.kind === "response" || e.kind === "request") && e.requestId !== null ? requestIdKeyOf(e.requestId) : null));
  for (const id of CODED) assert.ok(!packed.strings.includes(id), `${id} is not in the string table`);
  assert.deepEqual(unpackEvents(packed), events);
});
