import assert from "node:assert/strict";
import { test } from "node:test";
import { LiveSessions } from "../../src/timeline/live-sessions.js";

test("an instance's live sessions come in the order they joined; one that moved joins last", () => {
  const live = new LiveSessions();
  for (const ordinal of [0, 1, 2, 3]) live.add(-1, ordinal);
  live.add(7, 4);
  assert.equal(live.delete(-1, 1), true);
  assert.equal(live.delete(-1, 1), false, "a session leaves once");
  // Moved to instance 7 (settled there), then back.
  assert.equal(live.delete(-1, 0), true);
  live.add(7, 0);
  assert.deepEqual(live.on(-1), [2, 3]);
  assert.deepEqual(live.on(7), [4, 0]);
  assert.equal(live.delete(7, 0), true);
  live.add(-1, 0);
  assert.deepEqual(live.on(-1), [2, 3, 0]);
  assert.equal(live.sizeOn(-1), 3);
  assert.equal(live.sizeOn(7), 1);
  assert.deepEqual(live.on(12), [], "an instance never seen has none");
  assert.equal(live.delete(-1, 9000), false, "nor does an ordinal never added");
});

test("the lists give what a Set per instance gives, over random joins and leaves past the first room", () => {
  const live = new LiveSessions();
  const sets = new Map<number, Set<number>>();
  const home = new Map<number, number>();
  let seed = 12345;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  let next = 0;
  for (let step = 0; step < 30_000; step++) {
    const op = random(3);
    if (op === 0 || home.size === 0) {
      const instance = random(3) - 1;
      home.set(next, instance);
      if (!sets.has(instance)) sets.set(instance, new Set());
      sets.get(instance)!.add(next);
      live.add(instance, next++);
    } else {
      const ordinal = random(next);
      const instance = home.get(ordinal)!;
      const expected = sets.get(instance)?.delete(ordinal) ?? false;
      assert.equal(live.delete(instance, ordinal), expected);
      if (expected && op === 2) {
        // Moves to another instance, as a session settled where it was created.
        const to = random(3) - 1;
        home.set(ordinal, to);
        if (!sets.has(to)) sets.set(to, new Set());
        sets.get(to)!.add(ordinal);
        live.add(to, ordinal);
      }
    }
  }
  for (const [instance, set] of sets) {
    assert.deepEqual(live.on(instance), [...set]);
    assert.equal(live.sizeOn(instance), set.size);
  }
});

test("sessions that move back and forth, asked for at every step, come as a Set per instance has them", () => {
  // Few sessions moved often between two instances: their stale entries pile up in both lists, the
  // lists are written anew while some sessions have an entry in each.
  const live = new LiveSessions();
  const sets = new Map<number, Set<number>>([
    [0, new Set()],
    [1, new Set()],
  ]);
  const home = new Map<number, number>();
  let seed = 777;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  for (let ordinal = 0; ordinal < 200; ordinal++) {
    const instance = random(2);
    home.set(ordinal, instance);
    sets.get(instance)!.add(ordinal);
    live.add(instance, ordinal);
  }
  for (let step = 0; step < 20_000; step++) {
    const ordinal = random(200);
    const from = home.get(ordinal)!;
    const was = sets.get(from)!.delete(ordinal);
    assert.equal(live.delete(from, ordinal), was);
    // Back where it was, or to the other instance; or left out, a while.
    const to = random(3);
    if (to < 2) {
      home.set(ordinal, to);
      sets.get(to)!.add(ordinal);
      live.add(to, ordinal);
    }
    if (step % 97 === 0) {
      for (const [instance, set] of sets) {
        assert.deepEqual(live.on(instance), [...set]);
        assert.equal(live.sizeOn(instance), set.size);
      }
    }
  }
});
