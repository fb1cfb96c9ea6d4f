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

test("a batch lists its session ids that are not UUIDs, each once, and its requests' sources where their address changes agent", () => {
  const id = fc.oneof(fc.constantFrom("21e2baed-3c2d-4a16-9acf-9357c68cb6a7", "s-1", "s-2", "ua-1"), fc.constantFrom(null, undefined));
  const source = fc.constantFrom(null, "ua-1", "ua-2", "10.0.0.1", "s-1");
  const event = fc.tuple(id, source, source, fc.boolean()).map(([sessionId, userAgent, remoteAddress, isRequest]): Event =>
    isRequest ? { at: 1, ref, kind: "request", requestId: null, httpMethod: "POST", sessionId, isInitialize: null, rpcMethod: null, userAgent, remoteAddress } : { at: 1, ref, kind: "response", requestId: null, sessionId, status: 200 },
  );
  fc.assert(
    fc.property(fc.array(fc.array(event, { maxLength: 40 }), { maxLength: 4 }), (batches) => {
      for (const events of batches) {
        const packed = packEvents(events);
        const ids = events.map((e) => (e as { sessionId?: string | null }).sessionId).filter((s): s is string => typeof s === "string" && !CANONICAL.test(s));
        assert.deepEqual(Array.from(packed.sessionStrings, (index) => packed.strings[index]), [...new Set(ids)]);
        // By address, the agent it came with last: a pair is listed where that changes.
        const lastAgent = new Map<string, string | null>();
        const sources: [string | null, string][] = [];
        for (const e of events) {
          if (e.kind !== "request" || e.remoteAddress === null) continue;
          if (lastAgent.has(e.remoteAddress) && lastAgent.get(e.remoteAddress) === e.userAgent) continue;
          lastAgent.set(e.remoteAddress, e.userAgent);
          sources.push([e.userAgent, e.remoteAddress]);
        }
        const listed = Array.from({ length: packed.sources.length / 2 }, (_, k) => [packed.sources[2 * k]! < 0 ? null : packed.strings[packed.sources[2 * k]!]!, packed.strings[packed.sources[2 * k + 1]!]!]);
        assert.deepEqual(listed, sources);
      }
    }),
  );
});
