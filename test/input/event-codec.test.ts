import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Event } from "../../src/events.js";
import { PACKED, packEvents, unpackEvents, uuidIndexOf } from "../../src/input/event-codec.js";
import { uuidOf } from "../../src/input/uuid-words.js";

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ref = { file: "a.jsonl", line: 1 };

test("a batch's session ids that are UUIDs are packed as their words, each once in the order they first come; the others as strings", () => {
  const uuid = fc.constantFrom("21e2baed-3c2d-4a16-9acf-9357c68cb6a7", "00000000-0000-0000-0000-000000000000", "80000000-0000-0000-0000-000000000001");
  const id = fc.oneof(uuid, fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.uuid().map((u) => u.slice(1)), fc.string({ maxLength: 8 }));
  const event = fc.tuple(id, fc.nat(3)).map(([sessionId, kind]): Event => {
    // New string objects, as JSON.parse makes them: the column compares contents, not objects.
    const fresh = (" " + sessionId).slice(1);
    if (kind === 0) return { at: 1, ref, kind: "request", requestId: null, httpMethod: "GET", sessionId: fresh, isInitialize: false, rpcMethod: null, userAgent: null, remoteAddress: null };
    if (kind === 1) return { at: 1, ref, kind: "response", requestId: null, sessionId: fresh, status: 200 };
    if (kind === 2) return { at: 1, ref, kind: "session-created", sessionId: fresh, activeSessions: null };
    return { at: 1, ref, kind: "stream-closed", sessionId: fresh, elapsedMs: null };
  });
  fc.assert(
    fc.property(fc.array(event, { maxLength: 300 }), (events) => {
      const packed = packEvents(events);
      const ids = events.map((e) => (e as { sessionId: string }).sessionId);
      const uuids = [...new Set(ids.filter((s) => CANONICAL.test(s)))];
      assert.deepEqual(Array.from({ length: packed.words.length / 4 }, (_, j) => uuidOf(packed.words, 4 * j)), uuids);
      events.forEach((_, e) => {
        const index = packed.ints[e * PACKED.INTS + PACKED.sessionId]!;
        if (CANONICAL.test(ids[e]!)) assert.equal(uuidIndexOf(index), uuids.indexOf(ids[e]!));
        else assert.equal(packed.strings[index], ids[e]);
      });
      assert.ok(!packed.strings.some((s) => CANONICAL.test(s)), "no UUID sent as a string as well");
      assert.deepEqual(unpackEvents(packed), events);
    }),
  );
});
