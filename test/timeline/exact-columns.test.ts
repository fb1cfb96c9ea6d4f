import assert from "node:assert/strict";
import { test } from "node:test";
import { put, TimeColumn } from "../../src/timeline/exact-columns.js";

test("a narrow column keeps its type while values fit, and widens to give back every value as itself", () => {
  let column: Int16Array | Float64Array = new Int16Array(8);
  column = put(column, 0, -2);
  column = put(column, 1, 32_767);
  assert.ok(column instanceof Int16Array);
  const values = [-2, 32_767, 40_000, -0, 0.5, Number.NaN, 2 ** 53, -40_000];
  for (let row = 2; row < values.length; row++) column = put(column, row, values[row]!);
  assert.ok(column instanceof Float64Array);
  values.forEach((value, row) => assert.ok(Object.is(column[row], value), `row ${row}: ${column[row]} for ${value}`));
});

test("a Uint32 column holds line numbers past 2^31 and widens past 2^32", () => {
  let column: Uint32Array | Float64Array = new Uint32Array(3);
  column = put(column, 0, 2 ** 31 + 5);
  assert.ok(column instanceof Uint32Array);
  column = put(column, 1, 2 ** 32);
  column = put(column, 2, -1);
  assert.deepEqual([...column], [2 ** 31 + 5, 2 ** 32, -1]);
});

test("a time column gives back every time, as distances from the first while they fit and whole once not", () => {
  const start = 1_772_409_600_000;
  const narrow = new TimeColumn(4);
  const near = [start, start + 1, start - 86_400_000, start + 20 * 86_400_000];
  near.forEach((time, row) => narrow.set(row, time));
  near.forEach((time, row) => assert.equal(narrow.get(row), time));

  const column = new TimeColumn(7);
  const times = [start, start + 7, start + 30 * 86_400_000, start + 0.25, -0, Number.NaN, start - 3];
  times.forEach((time, row) => column.set(row, time));
  times.forEach((time, row) => assert.ok(Object.is(column.get(row), time), `row ${row}: ${column.get(row)} for ${time}`));
});

test("a time column whose first time is not a finite number still gives back the others", () => {
  const column = new TimeColumn(3);
  const times = [Number.NaN, 5, -0];
  times.forEach((time, row) => column.set(row, time));
  times.forEach((time, row) => assert.ok(Object.is(column.get(row), time)));
});
