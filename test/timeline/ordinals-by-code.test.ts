import assert from "node:assert/strict";
import { test } from "node:test";
import { OrdinalsByCode } from "../../src/timeline/ordinals-by-code.js";
import { seededInts } from "../support/seeded-random.js";

test("each code reads the value last set, 0 for none, near values and far ones, before and after a block widens (a Map as the model)", () => {
  const random = seededInts(5);
  const ordinals = new OrdinalsByCode();
  const model = new Map<number, number>();
  let next = 2;
  for (let step = 0; step < 60_000; step++) {
    // Mostly the next code with a value near the last, as ids and their sessions come; now and
    // then an old code, a value far off (a block widened), or a code blocks ahead.
    const code = random(20) === 0 ? random(3 * next) : random(1_000) === 0 ? next + random(50_000) : next++;
    const value = random(200) === 0 ? 1 + random(2 ** 31 - 1) : 2 * next + random(2);
    ordinals.set(code, value);
    model.set(code, value);
    if (step % 97 === 0) for (let k = 0; k < 20; k++) {
      const asked = random(next + 60_000);
      assert.equal(ordinals.get(asked), model.get(asked) ?? 0, `step ${step}, code ${asked}`);
    }
  }
  for (const [code, value] of model) assert.equal(ordinals.get(code), value, `code ${code}`);
  assert.equal(ordinals.get(10 * next + 5), 0);
});

test("a value 32,768 or more from its block's first widens the block, its values kept; the next block stays narrow", () => {
  const ordinals = new OrdinalsByCode();
  ordinals.set(0, 100);
  ordinals.set(1, 100 + 0x7fff);
  ordinals.set(2, 100 - 0x7fff);
  assert.deepEqual([0, 1, 2, 3].map((c) => ordinals.get(c)), [100, 100 + 0x7fff, 100 - 0x7fff, 0]);
  ordinals.set(3, 100 - 0x8000);
  ordinals.set(4_096, 7);
  assert.deepEqual([0, 1, 2, 3, 4, 4_096, 4_097].map((c) => ordinals.get(c)), [100, 100 + 0x7fff, 100 - 0x7fff, 100 - 0x8000, 0, 7, 0]);
  ordinals.set(5, 2 ** 31 - 1);
  assert.equal(ordinals.get(5), 2 ** 31 - 1);
});
