import assert from "node:assert/strict";
import { test } from "node:test";
import { LifeSlots, type SlotHome } from "../../src/timeline/life-slots.js";
import { seededInts } from "../support/seeded-random.js";

const STRIDE = 3;

/** A home in a Map, counting its reads and writes. */
function mapHome(): SlotHome & { rows: Map<number, number[]>; reads: number; writes: number } {
  const home = {
    rows: new Map<number, number[]>(),
    reads: 0,
    writes: 0,
    read(key: number, into: Int32Array, at: number) {
      home.reads++;
      into.set(home.rows.get(key) ?? [0, 0, 0], at);
    },
    write(key: number, from: Int32Array, at: number) {
      home.writes++;
      home.rows.set(key, Array.from(from.subarray(at, at + STRIDE)));
    },
  };
  return home;
}

test("each row reads what was last set, whichever rows share its slots; once all are written home, the home holds every row (a Map as the model)", () => {
  for (const count of [2, 8, 64]) {
    const random = seededInts(count);
    const home = mapHome();
    const slots = new LifeSlots(STRIDE, count, home);
    const model = new Map<number, number[]>();
    for (let step = 0; step < 30_000; step++) {
      // Keys from a range some times the slots, now and then far off (an old session).
      const key = random(10) === 0 ? random(1 << 20) : random(3 * count);
      const field = random(STRIDE);
      const row = model.get(key) ?? [0, 0, 0];
      if (random(2) === 0) {
        const value = random(1 << 30) - (1 << 29);
        slots.set(key, field, value);
        row[field] = value;
        model.set(key, row);
      } else {
        assert.equal(slots.get(key, field), row[field], `count ${count}, step ${step}, key ${key}`);
      }
    }
    slots.writeAll();
    for (const [key, row] of model) assert.deepEqual(home.rows.get(key) ?? [0, 0, 0], row, `count ${count}, key ${key}`);
    // Written home, a slot is not written again.
    const writes = home.writes;
    slots.writeAll();
    assert.equal(home.writes, writes);
  }
});

test("a row found in its slot reads nothing from home; two rows of one set both stay, a third gives back the one found less lately", () => {
  const home = mapHome();
  // Two sets: keys 0, 2, 4 share set 0.
  const slots = new LifeSlots(STRIDE, 4, home);
  slots.set(0, 1, 7);
  slots.set(2, 1, 8);
  assert.deepEqual([home.reads, home.writes], [2, 0]);
  for (let i = 0; i < 100; i++) assert.deepEqual([slots.get(0, 1), slots.get(2, 1)], [7, 8]);
  assert.equal(home.reads, 2);
  // 2 was found last: 0 goes home, written since it changed.
  assert.equal(slots.get(4, 1), 0);
  assert.deepEqual([home.reads, home.writes, home.rows.get(0)], [3, 1, [0, 7, 0]]);
  assert.equal(slots.get(2, 1), 8);
  assert.equal(home.reads, 3);
  // 4 was not changed: given back for 0, it is not written.
  assert.equal(slots.get(0, 1), 7);
  assert.deepEqual([home.reads, home.writes], [4, 1]);
});
