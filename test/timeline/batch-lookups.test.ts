import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { PACKED, packEvents, type PackedEvents } from "../../src/input/event-codec.js";
import { BatchLookups } from "../../src/timeline/batch-lookups.js";
import { ABSENT_CODE, Interner, NULL_CODE } from "../../src/timeline/interner.js";

/** A batch whose events carry `sessionIds` (indexes of `strings`, NULL or ABSENT) in their session id field, listed as packEvents lists them. */
function batchOf(strings: string[], sessionIds: readonly number[]): PackedEvents {
  const ints = new Int32Array(sessionIds.length * PACKED.INTS).fill(PACKED.NULL);
  sessionIds.forEach((index, e) => (ints[e * PACKED.INTS + PACKED.sessionId] = index));
  const sessionStrings = Int32Array.from(new Set(sessionIds.filter((index) => index >= 0)));
  return { count: sessionIds.length, ints, nums: new Float64Array(sessionIds.length * PACKED.NUMS), strings, words: new Int32Array(0), sessionStrings, sources: new Int32Array(0) };
}

test("BatchLookups numbers a batch's strings as the Interner would at their first use, in that order, batch after batch", () => {
  const value = fc.constantFrom("a", "b", "", "session-1", "session-2", "POST");
  // A batch: its string table (distinct values), the session id field of its events, and the indexes the fold asks in turn.
  const batch = fc.uniqueArray(value, { minLength: 1 }).chain((strings) => {
    const index = fc.integer({ min: PACKED.ABSENT, max: strings.length - 1 });
    return fc.tuple(fc.constant(strings), fc.array(index, { maxLength: 10 }), fc.array(index, { maxLength: 30 }));
  });
  fc.assert(
    fc.property(fc.array(batch, { maxLength: 8 }), (batches) => {
      const strings = new Interner();
      const lookups = new BatchLookups(strings);
      const reference = new Interner();
      for (const [table, sessionIds, asked] of batches) {
        // Each batch's strings are new string objects, as a structured clone makes them.
        lookups.start(batchOf(table.map((s) => [...s].join("")), sessionIds));
        for (const index of asked) {
          const expected = index === PACKED.NULL ? NULL_CODE : index === PACKED.ABSENT ? ABSENT_CODE : reference.code(table[index]!);
          assert.equal(lookups.code(index), expected);
        }
      }
    }),
  );
});

test("a batch larger than any before it is numbered whole", () => {
  const strings = new Interner();
  const lookups = new BatchLookups(strings);
  const table = Array.from({ length: 5000 }, (_, i) => `s${i}`);
  lookups.start(batchOf(table.slice(0, 10), [3]));
  lookups.code(3);
  lookups.start(batchOf(table, [3, 4999, 3]));
  assert.deepEqual([lookups.code(4999), lookups.code(3), lookups.code(0)], [strings.code("s4999"), strings.code("s3"), strings.code("s0")]);
});

test("a batch's session ids sent as UUIDs' words are numbered as the Interner numbers their strings, at their first use", () => {
  const id = fc.oneof(fc.constantFrom("21e2baed-3c2d-4a16-9acf-9357c68cb6a7", "00000000-0000-0000-0000-000000000000", "21E2BAED-3c2d-4a16-9acf-9357c68cb6a7", "s-1", "POST"), fc.uuid(), fc.constantFrom(null, undefined));
  const ref = { file: "a.jsonl", line: 1 };
  fc.assert(
    fc.property(fc.array(fc.array(id, { maxLength: 20 }), { maxLength: 6 }), (batches) => {
      const strings = new Interner();
      const lookups = new BatchLookups(strings);
      const reference = new Interner();
      for (const ids of batches) {
        // The method is "POST" too: a string the batch sends both as a method and, here, as an id.
        const packed = packEvents(ids.map((sessionId, e) => ({ at: e, ref, kind: "request", requestId: null, httpMethod: "POST", sessionId, isInitialize: null, rpcMethod: null, userAgent: null, remoteAddress: null })));
        lookups.start(packed);
        ids.forEach((sessionId, e) => {
          assert.equal(lookups.code(packed.ints[e * PACKED.INTS + PACKED.httpMethod]!), reference.code("POST"));
          assert.equal(lookups.code(packed.ints[e * PACKED.INTS + PACKED.sessionId]!), reference.code(sessionId));
        });
      }
    }),
  );
});
