import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { LiveSessions } from "../../src/timeline/live-sessions.js";

test("LiveSessions keeps what a Set per instance would, in the order sessions joined it", () => {
  // Sessions join, end and move between three instances; a moved session joins its new instance last.
  const op = fc.tuple(fc.constantFrom("add", "end", "end", "move"), fc.nat(300), fc.integer({ min: -1, max: 1 }));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
      const live = new LiveSessions();
      const sets = new Map<number, Set<number>>([-1, 0, 1].map((i) => [i, new Set<number>()]));
      const home = new Map<number, number>();
      let next = 0;
      for (const [kind, pick, instance] of ops) {
        if (kind === "add") {
          live.add(next, instance);
          sets.get(instance)!.add(next);
          home.set(next++, instance);
          continue;
        }
        if (next === 0) continue;
        const ordinal = pick % next;
        const was = sets.get(home.get(ordinal)!)!.delete(ordinal);
        assert.equal(live.delete(ordinal), was);
        if (kind === "move" && was) {
          live.add(ordinal, instance);
          sets.get(instance)!.add(ordinal);
          home.set(ordinal, instance);
        }
      }
      for (const [instance, set] of sets) {
        assert.equal(live.sizeOn(instance), set.size);
        assert.deepEqual(live.on(instance), [...set]);
      }
    }),
  );
});

test("LiveSessions reads an instance it never saw as empty", () => {
  const live = new LiveSessions();
  live.add(0, 5);
  assert.equal(live.sizeOn(7), 0);
  assert.deepEqual(live.on(7), []);
  assert.equal(live.delete(3), false);
});
