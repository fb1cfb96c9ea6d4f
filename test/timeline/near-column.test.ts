import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { NearColumn, NONE } from "../../src/timeline/near-column.js";

/** The array a column holds its distances in (private fields, read to see that it widens when it must, and only then). */
const arrayOf = (column: NearColumn) => (column as unknown as { distances: { values: object } }).distances.values.constructor;

test("a near column keeps two bytes a row while the values lie within 32,767 of the first, and reads NONE where not written", () => {
  const column = new NearColumn(8);
  column.set(3, 100_000);
  column.set(0, 100_000 + 32_767);
  column.set(5, 100_000 - 32_767);
  assert.equal(arrayOf(column), Int16Array);
  assert.deepEqual(Array.from({ length: 8 }, (_, row) => column.get(row)), [132_767, NONE, NONE, 100_000, NONE, 67_233, NONE, NONE]);
});

test("a near column widens to Int32 for a distance past two bytes (the unwritten rows still NONE), then to Float64 past four", () => {
  const column = new NearColumn(6);
  column.set(0, 50_000);
  // 50,000 less 32,768 is the Int16 column's NONE: it widens rather than read as none.
  column.set(1, 50_000 - 32_768);
  assert.equal(arrayOf(column), Int32Array);
  column.set(2, 50_000 + 1_000_000);
  assert.equal(arrayOf(column), Int32Array);
  assert.deepEqual(Array.from({ length: 6 }, (_, row) => column.get(row)), [50_000, 17_232, 1_050_000, NONE, NONE, NONE]);
  column.set(3, 2 ** 40);
  assert.equal(arrayOf(column), Float64Array);
  column.set(4, 0);
  assert.deepEqual(Array.from({ length: 6 }, (_, row) => column.get(row)), [50_000, 17_232, 1_050_000, 2 ** 40, 0, NONE]);
});

test("a near column widens straight from Int16 to Float64, and gives back any non-negative integer", () => {
  const straight = new NearColumn(2);
  straight.set(0, 2 ** 32);
  straight.set(1, 0);
  assert.equal(arrayOf(straight), Float64Array);
  assert.deepEqual([straight.get(0), straight.get(1)], [2 ** 32, 0]);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(63), fc.oneof(fc.nat(70_000), fc.maxSafeNat())), { maxLength: 100 }), (writes) => {
      const column = new NearColumn(64);
      const expected = new Array<number>(64).fill(NONE);
      for (const [row, value] of writes) {
        column.set(row, value);
        expected[row] = value;
      }
      assert.deepEqual(Array.from({ length: 64 }, (_, row) => column.get(row)), expected);
    }),
  );
});
