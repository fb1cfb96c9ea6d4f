import assert from "node:assert/strict";
import { test } from "node:test";
import { ClockSlots } from "../../src/timeline/clock-slots.js";
import { seededInts } from "../support/seeded-random.js";

test("a key is found in the slot it took until that slot is given back, whatever keys came and went (a Map as the model)", () => {
  for (const count of [1, 2, 7, 64]) {
    const random = seededInts(count);
    const slots = new ClockSlots(count);
    // Key → its slot, as the slots should hold them.
    const held = new Map<number, number>();
    let givenBack = 0;
    for (let step = 0; step < 20_000; step++) {
      // Keys from a range some times the slots, now and then far off.
      const key = random(10) === 0 ? random(1 << 30) : random(3 * count);
      const found = slots.find(key);
      assert.equal(found, held.get(key) ?? -1, `count ${count}, step ${step}, key ${key}`);
      if (found !== -1) continue;
      const slot = slots.take(key, (slot) => {
        givenBack++;
        const owner = slots.keyOf(slot);
        assert.equal(held.get(owner), slot, `count ${count}, step ${step}: slot ${slot} given back for key ${owner}`);
        held.delete(owner);
      });
      assert.ok(slot >= 0 && slot < count, `slot ${slot} of ${count}`);
      assert.ok(![...held.values()].includes(slot), `slot ${slot} taken twice`);
      held.set(key, slot);
      assert.equal(slots.keyOf(slot), key);
      assert.ok(held.size <= count);
    }
    assert.ok(givenBack > 1000, `count ${count}: ${givenBack} given back`);
    for (const [key, slot] of held) assert.equal(slots.find(key), slot);
  }
});

test("the clock gives back the first slot unused since it last passed: a key used since is passed over", () => {
  const slots = new ClockSlots(4);
  const givenBack: number[] = [];
  const keep = (slot: number) => givenBack.push(slots.keyOf(slot));
  for (const key of [10, 11, 12, 13]) slots.take(key, keep);
  // Every slot was used since the clock started: it passes them all, then gives back the first.
  slots.take(14, keep);
  assert.deepEqual(givenBack, [10]);
  // 11 is used again: the clock passes it over and gives back 12, unused since it passed.
  assert.notEqual(slots.find(11), -1);
  slots.take(15, keep);
  assert.deepEqual(givenBack, [10, 12]);
  assert.notEqual(slots.find(11), -1);
  assert.equal(slots.find(12), -1);
});
