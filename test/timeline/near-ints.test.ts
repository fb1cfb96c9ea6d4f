import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { NearInts, NONE } from "../../src/timeline/near-ints.js";

const readAll = (near: NearInts) => Array.from({ length: near.length }, (_, i) => near.get(i));

test("integers near each other are read back from two bytes each, any order within a stretch", () => {
  const values = Int32Array.from({ length: 1000 }, (_, i) => 5_000_000 + i * 3 - (i % 7) * 11);
  const near = NearInts.of(values.slice());
  assert.equal(near.wideStretches, 0);
  assert.equal(near.length, 1000);
  assert.deepEqual(readAll(near), [...values]);
  assert.equal(NearInts.NONE.length, 0);
});

test("a stretch spanning 65,535 or more, or holding a negative other than NONE, is kept aside as it is; the others stay narrow", () => {
  for (const [odd, wide] of [
    [0xfffe, 0],
    [0xffff, 1],
    [0x10000, 1],
    [2 ** 31 - 1, 1],
    [-2, 1],
  ] as const) {
    const values = Int32Array.from({ length: 600 }, (_, i) => (i === 300 ? odd : i % 2));
    const near = NearInts.of(values.slice());
    assert.equal(near.wideStretches, wide, `value ${odd}`);
    assert.deepEqual(readAll(near), [...values]);
  }
});

test("NONE is kept at no stretch's cost: read back as it is, the stretch narrow", () => {
  const values = Int32Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? NONE : 1_000_000 + i));
  const near = NearInts.of(values.slice());
  assert.equal(near.wideStretches, 0);
  assert.deepEqual(readAll(near), [...values]);
  assert.deepEqual(readAll(NearInts.of(Int32Array.of(NONE, NONE))), [NONE, NONE]);
  assert.deepEqual(readAll(NearInts.of(new Int32Array(0))), []);
});

test("any values read back, NONE among them, narrow or kept aside", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constant(NONE), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 700 }), (values) => {
      assert.deepEqual(readAll(NearInts.of(Int32Array.from(values))), values);
    }),
  );
});
