import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { NearInts, NONE } from "../../src/timeline/near-ints.js";
import { seededRandom } from "../support/seeded-random.js";

const readAll = (near: NearInts) => Array.from({ length: near.length }, (_, i) => near.get(i));

test("integers near each other are read back from two bytes each, any order within a stretch", () => {
  const values = Int32Array.from({ length: 1000 }, (_, i) => 5_000_000 + i * 3 - (i % 7) * 11);
  const near = NearInts.of(values.slice(), "the test's values");
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
    const near = NearInts.of(values.slice(), "the test's values");
    assert.equal(near.wideStretches, wide, `value ${odd}`);
    assert.deepEqual(readAll(near), [...values]);
  }
});

test("NONE is kept at no stretch's cost: read back as it is, the stretch narrow", () => {
  const values = Int32Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? NONE : 1_000_000 + i));
  const near = NearInts.of(values.slice(), "the test's values");
  assert.equal(near.wideStretches, 0);
  assert.deepEqual(readAll(near), [...values]);
  assert.deepEqual(readAll(NearInts.of(Int32Array.of(NONE, NONE), "the test's values")), [NONE, NONE]);
  assert.deepEqual(readAll(NearInts.of(new Int32Array(0), "the test's values")), []);
});

test("any values read back, NONE among them, narrow or kept aside", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constant(NONE), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 700 }), (values) => {
      // Blocks of one stretch, two in memory: most of a long list is read back from the file.
      for (const bits of [16, 8]) assert.deepEqual(readAll(NearInts.of(Int32Array.from(values), "the test's values", bits, 2)), values);
    }),
  );
});

test("blocks out of memory read back as they were, in order or not, wide stretches and NONE among them", () => {
  const random = seededRandom(8);
  const values = Int32Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? NONE : i % 1000 === 500 ? 2 ** 30 : 1_000_000 + i * 4 + random.int(9)));
  const near = NearInts.of(values.slice(), "the test's values", 8, 2);
  // 20 blocks of 256, the last and the one used last in memory.
  assert.equal(near.spilledBlocks, 18);
  assert.equal(near.wideStretches, 5);
  assert.deepEqual(readAll(near), [...values]);
  // Read in order, each block out of memory is read back once: the 18 less the 5 wholly wide
  // (stretches 1, 5, 9, 13 and 17, read from aside), plus block 18, dropped as block 0 came back.
  const readInOrder = near.blocksReadBack;
  assert.equal(readInOrder, 14);
  for (let k = 0; k < 2000; k++) {
    const i = random.int(values.length);
    assert.equal(near.get(i), values[i], `value ${i}`);
  }
  assert.ok(near.blocksReadBack > readInOrder + 100);
  assert.throws(() => NearInts.of(values, "the test's values", 7), /cut a stretch of 256/);
});
