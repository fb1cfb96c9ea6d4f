import assert from "node:assert/strict";
import { test } from "node:test";
import { NearInts } from "../../src/timeline/near-ints.js";

test("integers near each other are read back from two bytes each, any order within a stretch", () => {
  const values = Int32Array.from({ length: 1000 }, (_, i) => 5_000_000 + i * 3 - (i % 7) * 11);
  const near = NearInts.of(values.slice());
  assert.equal(near.isNarrow, true);
  assert.equal(near.length, 1000);
  assert.deepEqual(Array.from({ length: 1000 }, (_, i) => near.get(i)), [...values]);
  assert.equal(NearInts.NONE.length, 0);
});

test("a stretch spanning 65,536 or more keeps every value in four bytes", () => {
  for (const span of [0xffff, 0x10000, 2 ** 31 - 1]) {
    const values = Int32Array.from({ length: 600 }, (_, i) => (i === 300 ? span : i % 2));
    const near = NearInts.of(values.slice());
    assert.equal(near.isNarrow, span === 0xffff, `span ${span}`);
    assert.deepEqual(Array.from({ length: 600 }, (_, i) => near.get(i)), [...values]);
  }
});
