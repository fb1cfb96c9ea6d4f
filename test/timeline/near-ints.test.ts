import assert from "node:assert/strict";
import { test } from "node:test";
import { NearInts } from "../../src/timeline/near-ints.js";

const readAll = (near: NearInts) => Array.from({ length: near.length }, (_, i) => near.get(i));

test("integers near each other are read back from two bytes each, any order within a stretch", () => {
  const values = Int32Array.from({ length: 1000 }, (_, i) => 5_000_000 + i * 3 - (i % 7) * 11);
  const near = NearInts.of(values.slice());
  assert.equal(near.wideStretches, 0);
  assert.equal(near.length, 1000);
  assert.deepEqual(readAll(near), [...values]);
  assert.equal(NearInts.NONE.length, 0);
});

test("a stretch spanning 65,536 or more, or holding a negative, is kept aside as it is; the others stay narrow", () => {
  for (const [odd, wide] of [
    [0xffff, 0],
    [0x10000, 1],
    [2 ** 31 - 1, 1],
    [-1, 1],
  ] as const) {
    const values = Int32Array.from({ length: 600 }, (_, i) => (i === 300 ? odd : i % 2));
    const near = NearInts.of(values.slice());
    assert.equal(near.wideStretches, wide, `value ${odd}`);
    assert.deepEqual(readAll(near), [...values]);
  }
});
