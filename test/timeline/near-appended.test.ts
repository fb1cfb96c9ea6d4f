import assert from "node:assert/strict";
import { test } from "node:test";
import { NearAppended } from "../../src/timeline/near-appended.js";
import { seededRandom } from "../support/seeded-random.js";

/** `values` appended, then read back before and after the seal. */
function readBack(values: readonly number[]) {
  const column = new NearAppended();
  for (const value of values) column.push(value);
  assert.equal(column.length, values.length);
  assert.deepEqual(values.map((_, i) => column.get(i)), values, "before the seal");
  column.seal();
  assert.deepEqual(values.map((_, i) => column.get(i)), values, "after the seal");
}

test("values that grow slowly come back as appended, over many stretches and blocks", () => {
  const { next } = seededRandom(3);
  let row = 0;
  readBack(Array.from({ length: 40_000 }, () => (row += Math.floor(next() * 8))));
});

test("a value below its stretch's first or 65,536 past it keeps the stretch aside, the values before and after it included", () => {
  const { next } = seededRandom(4);
  const values: number[] = [];
  let row = 1000;
  for (let i = 0; i < 5000; i++) {
    // Now and then a jump past two bytes' reach, a step back, or the largest value an Int32Array holds.
    const roll = next();
    row = roll < 0.003 ? row + 65_536 : roll < 0.006 ? Math.max(0, row - 1 - Math.floor(next() * 500)) : roll < 0.007 ? 2 ** 31 - 1 : row + Math.floor(next() * 300);
    values.push(row);
    if (row === 2 ** 31 - 1) row = 0;
  }
  readBack(values);
  // At the edges: the largest distance that fits, the first that does not, at a stretch's first and last places.
  readBack([...Array.from({ length: 255 }, () => 7), 7 + 0xffff, 1, ...Array.from({ length: 254 }, () => 1), 1 + 0x10000, 0, 6]);
  readBack([]);
});
