import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { SessionEvents } from "../../src/timeline/session-events.js";

test("SessionEvents gives the least position first, equal ones in the sessions' order, pushed in order or not, popped as they come, each with its number", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(50), fc.nat(20)), fc.constant(null)), { minLength: 300, maxLength: 3_000, size: "max" }),
      (steps) => {
        const events = new SessionEvents();
        const waiting: [number, number, number][] = [];
        // Mostly in order, as the walk finds them: a position that climbs, now and then one behind it.
        let position = 0;
        const takeLeast = () => {
          waiting.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          const least = waiting.shift()!;
          assert.deepEqual([events.peekKey(), events.peekOrdinal(), events.peekPayload()], least);
          events.pop();
        };
        for (const step of steps) {
          if (step === null) {
            if (waiting.length > 0) takeLeast();
          } else {
            const [climb, ordinal, back] = step;
            position += climb;
            const key = back > 15 ? Math.max(0, position - back * 3) : position;
            // A number as the sweep's are: a session's owner, a string's number (to 2^31 - 1).
            const payload = 2 ** 31 - 1 - (ordinal * 7 + key);
            events.push(key, ordinal, payload);
            waiting.push([key, ordinal, payload]);
          }
          assert.equal(events.length, waiting.length);
        }
        while (waiting.length > 0) takeLeast();
        assert.equal(events.peekKey(), Infinity);
      },
    ),
    { numRuns: 100 },
  );
});
