import assert from "node:assert/strict";
import { test } from "node:test";
import { NullableColumn, OffsetColumn, put, RepeatedColumn, RepeatedOffsetColumn, SeqColumn, TimeColumn } from "../../src/timeline/exact-columns.js";

/** The array a column holds its values in (a private field, read to see that it widens when it must, and only then). */
const arrayOf = (column: object) => (column as unknown as { values: object }).values.constructor;

test("a narrow column keeps its type while values fit, widens to Int32 for integers, to Float64 for the rest", () => {
  let column: Int16Array | Int32Array | Float64Array = new Int16Array(8);
  column = put(column, 0, -2);
  column = put(column, 1, 32_767);
  assert.ok(column instanceof Int16Array);
  column = put(column, 2, 40_000);
  assert.ok(column instanceof Int32Array);
  const values = [-2, 32_767, 40_000, -0, 0.5, Number.NaN, 2 ** 53, -40_000];
  for (let row = 3; row < values.length; row++) column = put(column, row, values[row]!);
  assert.ok(column instanceof Float64Array);
  values.forEach((value, row) => assert.ok(Object.is(column[row], value), `row ${row}: ${column[row]} for ${value}`));
});

test("an Int16 column widens straight to Float64 for a value that is no 32-bit integer", () => {
  let column: Int16Array | Int32Array | Float64Array = new Int16Array(2);
  column = put(column, 0, 7);
  column = put(column, 1, 2 ** 40);
  assert.ok(column instanceof Float64Array);
  assert.deepEqual([...column], [7, 2 ** 40]);
});

test("an Int8 column widens to the narrowest column that holds the value: Int16, Int32 or Float64", () => {
  const widened = (value: number) => {
    let column: Int8Array | Int16Array | Int32Array | Float64Array = new Int8Array(3);
    column = put(column, 0, -1);
    column = put(column, 1, 127);
    assert.ok(column instanceof Int8Array);
    column = put(column, 2, value);
    assert.deepEqual([column[0], column[1]], [-1, 127]);
    assert.ok(Object.is(column[2], value), `${column[2]} for ${value}`);
    return column.constructor;
  };
  assert.equal(widened(-128), Int8Array);
  assert.equal(widened(128), Int16Array);
  assert.equal(widened(-32_768), Int16Array);
  assert.equal(widened(32_768), Int32Array);
  assert.equal(widened(2 ** 31), Float64Array);
  assert.equal(widened(-0), Float64Array);
  assert.equal(widened(0.5), Float64Array);
});

test("a Uint32 column holds log positions past 2^31 and widens past 2^32", () => {
  let column: Uint32Array | Float64Array = new Uint32Array(3);
  column = put(column, 0, 2 ** 31 + 5);
  assert.ok(column instanceof Uint32Array);
  column = put(column, 1, 2 ** 32);
  column = put(column, 2, -1);
  assert.deepEqual([...column], [2 ** 31 + 5, 2 ** 32, -1]);
});

test("an offset column gives back every value from its base, whatever the distance", () => {
  const start = 1_772_409_600_000;
  const cases: [number, number][] = [
    [start, start + 3],
    [10, 11],
    [start, start - 30_000],
    [start, start + 20 * 86_400_000],
    [start, start + 0.25],
    [0, -0],
    [5, Number.NaN],
    [Number.NaN, 5],
    [Number.NaN, Number.NaN],
    [2 ** 40, 2 ** 52 + 1],
    [0.1, 0.3],
  ];
  const column = new OffsetColumn(cases.length);
  cases.forEach(([base, value], row) => column.set(row, base, value));
  cases.forEach(([base, value], row) => assert.ok(Object.is(column.get(row, base), value), `row ${row}: ${column.get(row, base)} for ${value}`));
});

test("an offset column gives back a row written again, and rows written before it widened", () => {
  const column = new OffsetColumn(4);
  column.set(0, 100, 101);
  column.set(1, 100, 100 + 40_000);
  column.set(2, 100, 0.5);
  column.set(2, 100, 102);
  column.set(3, 0, -0);
  column.set(3, 0, 7);
  assert.deepEqual([0, 1, 2, 3].map((row) => column.get(row, row === 3 ? 0 : 100)), [101, 40_100, 102, 7]);
});

test("a narrow offset column keeps a byte a row while every distance fits, and every row through each widening", () => {
  const start = 1_772_409_600_000;
  const rows: [number, number][] = Array.from({ length: 300 }, (_, row) => [start + row, start + row + (row % 2 === 0 ? 127 : -128)]);
  const column = new OffsetColumn(rows.length + 4, 0, true);
  const check = (width: object) => {
    assert.equal(arrayOf(column), width);
    rows.forEach(([base, value], row) => assert.ok(Object.is(column.get(row, base), value), `row ${row}: ${column.get(row, base)} for ${value}`));
  };
  rows.forEach(([base, value], row) => column.set(row, base, value));
  check(Int8Array);
  for (const [base, value, width] of [
    [10, 10 + 128, Int16Array],
    [10, 10 - 32_769, Int32Array],
    [start, start + 2 ** 31, Float64Array],
    [5, 0.5 + 2 ** -40, Float64Array],
  ] as const) {
    rows.push([base, value]);
    column.set(rows.length - 1, base, value);
    check(width);
  }
});

test("a time column gives back every time, as distances from the first while they fit and whole once not", () => {
  const start = 1_772_409_600_000;
  const column = new TimeColumn(7);
  const times = [start, start + 7, start + 30 * 86_400_000, start + 0.25, -0, Number.NaN, start - 3];
  times.forEach((time, row) => column.set(row, time));
  times.forEach((time, row) => assert.ok(Object.is(column.get(row), time), `row ${row}: ${column.get(row)} for ${time}`));
});

test("a time column keeps two bytes a row while each stretch of 256 rows is within 32.7 seconds of its first, whatever the stretches' distance", () => {
  const start = 1_772_409_600_000;
  const column = new TimeColumn(1024);
  const timeOf = (row: number) => start + (row >>> 8) * 30 * 86_400_000 + (row % 2 === 0 ? 32_767 : -32_768) * (row % 256 === 0 ? 0 : 1);
  for (let row = 0; row < 1024; row++) column.set(row, timeOf(row));
  assert.equal(arrayOf(column), Int16Array);
  for (let row = 0; row < 1024; row++) assert.equal(column.get(row), timeOf(row));
  column.set(300, start + 30 * 86_400_000 + 32_768);
  assert.equal(arrayOf(column), Int32Array);
  assert.equal(column.get(300), start + 30 * 86_400_000 + 32_768);
  for (let row = 0; row < 1024; row++) if (row !== 300) assert.equal(column.get(row), timeOf(row));
});

test("a time column's stretch that starts with a time that is not a finite number gives back its others", () => {
  const column = new TimeColumn(600);
  column.set(0, 1000);
  column.set(256, Number.NaN);
  column.set(257, 2000);
  column.set(512, Number.POSITIVE_INFINITY);
  column.set(513, 3000);
  assert.deepEqual([0, 256, 257, 512, 513].map((row) => column.get(row)), [1000, Number.NaN, 2000, Number.POSITIVE_INFINITY, 3000]);
});

test("a time column whose first time is not a finite number still gives back the others", () => {
  const column = new TimeColumn(3);
  const times = [Number.NaN, 5, -0];
  times.forEach((time, row) => column.set(row, time));
  times.forEach((time, row) => assert.ok(Object.is(column.get(row), time)));
});

test("a repeated column gives back every row, the repeated value before and after another comes", () => {
  const values = [3, 3, 3, 7, 3, 40_000, 3, -0, 0.5, Number.NaN, 3];
  const column = new RepeatedColumn(values.length);
  values.forEach((value, row) => column.set(row, value));
  values.forEach((value, row) => assert.ok(Object.is(column.get(row), value), `row ${row}: ${column.get(row)} for ${value}`));
});

test("a repeated column keeps a repeated value no Int16Array holds, and rows written again", () => {
  for (const repeated of [70_000, 2 ** 40, -0, 0.25, Number.NaN]) {
    const column = new RepeatedColumn(4);
    column.set(0, repeated);
    column.set(1, repeated);
    column.set(2, 1);
    column.set(2, repeated);
    column.set(3, 2);
    assert.ok([0, 1, 2].every((row) => Object.is(column.get(row), repeated)), `${repeated}`);
    assert.equal(column.get(3), 2);
  }
});

test("a repeated column gives its one value to every row while no other came", () => {
  const column = new RepeatedColumn(3);
  column.set(1, -1);
  column.set(2, -1);
  assert.deepEqual([0, 1, 2].map((row) => column.get(row)), [-1, -1, -1]);
});

test("a repeated offset column gives back every value from its base, before and after the distance changes", () => {
  const start = 1_772_409_600_000;
  const cases: [number, number][] = [
    [10, 12],
    [11, 13],
    [20, 22],
    [21, 24],
    [22, 24 + 40_000],
    [5, 0.5],
    [0, -0],
    [30, 32],
    [start, start + 2],
  ];
  const column = new RepeatedOffsetColumn(cases.length);
  cases.forEach(([base, value], row) => column.set(row, base, value));
  cases.forEach(([base, value], row) => assert.ok(Object.is(column.get(row, base), value), `row ${row}: ${column.get(row, base)} for ${value}`));
});

test("a repeated offset column keeps a repeated distance no Int16Array holds, a first value its distance does not give back, and rows written again", () => {
  const far = new RepeatedOffsetColumn(3);
  far.set(0, 0, 100_000);
  far.set(1, 1, 100_001);
  far.set(2, 2, 7);
  assert.deepEqual([0, 1, 2].map((row) => far.get(row, row)), [100_000, 100_001, 7]);
  const inexact = new RepeatedOffsetColumn(2);
  inexact.set(0, 0.1, 0.3);
  inexact.set(1, 1, 3);
  assert.deepEqual([inexact.get(0, 0.1), inexact.get(1, 1)], [0.3, 3]);
  const again = new RepeatedOffsetColumn(2);
  again.set(0, 10, 11);
  again.set(1, 20, 21);
  again.set(1, 20, 25);
  assert.deepEqual([again.get(0, 10), again.get(1, 20)], [11, 25]);
});

test("a repeated offset column whose distance moves from a far one keeps two bytes a row, and every row once widened past them", () => {
  // A pino log's lines: a request and its response per line, so the line is half the log position.
  const seqs = Array.from({ length: 600 }, (_, row) => 1_200_000 + 2 * row);
  const column = new RepeatedOffsetColumn(seqs.length + 2);
  seqs.forEach((seq, row) => column.set(row, seq, seq / 2 + 1));
  const inner = (column as unknown as { column: object }).column;
  assert.equal(arrayOf(inner), Int16Array);
  seqs.forEach((seq, row) => assert.equal(column.get(row, seq), seq / 2 + 1));
  column.set(600, 5, 100_000);
  assert.equal(arrayOf(inner), Int32Array);
  column.set(601, 7, 7.5);
  assert.equal(arrayOf(inner), Float64Array);
  seqs.forEach((seq, row) => assert.equal(column.get(row, seq), seq / 2 + 1));
  assert.deepEqual([column.get(600, 5), column.get(601, 7)], [100_000, 7.5]);
});

test("an offset column made from a repeated distance gives it to the rows written before, whatever the distance", () => {
  for (const distance of [-600_000, 5, 0, -0, 2 ** 40, 0.5, Number.POSITIVE_INFINITY]) {
    const column = new RepeatedOffsetColumn(3);
    column.set(0, -0, -0 + distance);
    column.set(1, 10, 10 + distance);
    column.set(2, 20, 3);
    assert.ok(Object.is(column.get(0, -0), -0 + distance), `${distance}: ${column.get(0, -0)}`);
    assert.ok(Object.is(column.get(1, 10), 10 + distance), `${distance}: ${column.get(1, 10)}`);
    assert.equal(column.get(2, 20), 3);
  }
});

test("a repeated offset column gives its one distance to every row while no other came", () => {
  const column = new RepeatedOffsetColumn(3);
  column.set(0, 100, 103);
  column.set(2, 900, 903);
  assert.deepEqual([0, 1, 2].map((row) => column.get(row, row * 10)), [3, 13, 23]);
});


test("a seq column gives back every log position, as two-byte distances from the first while they fit", () => {
  const column = new SeqColumn(4);
  column.set(0, 70_000);
  column.set(1, 70_000 + 65_535);
  column.set(2, 70_001);
  assert.equal(arrayOf(column), Uint16Array);
  assert.deepEqual([0, 1, 2].map((row) => column.get(row)), [70_000, 135_535, 70_001]);
  column.set(3, 70_000 + 65_536);
  assert.equal(arrayOf(column), Uint32Array);
  assert.deepEqual([0, 1, 2, 3].map((row) => column.get(row)), [70_000, 135_535, 70_001, 135_536]);
});

test("a seq column widens to the positions themselves for one before its first, a fraction, -0 or one past 2^32 away", () => {
  for (const odd of [69_999, 70_000.5, -0, 70_000 + 2 ** 32, Number.NaN, 2 ** 53 + 2]) {
    const column = new SeqColumn(3);
    column.set(0, 70_000);
    column.set(1, 80_000);
    column.set(2, odd);
    assert.equal(arrayOf(column), Float64Array, `${odd}`);
    assert.deepEqual([column.get(0), column.get(1)], [70_000, 80_000]);
    assert.ok(Object.is(column.get(2), odd), `${column.get(2)} for ${odd}`);
    column.set(1, -0);
    assert.ok(Object.is(column.get(1), -0));
  }
  const first = new SeqColumn(2);
  first.set(0, -0);
  first.set(1, 5);
  assert.ok(Object.is(first.get(0), -0));
  assert.equal(first.get(1), 5);
});

test("a nullable column reads null where nothing or null or NaN was written, and every number written", () => {
  const column = new NullableColumn(4);
  column.set(1, null);
  column.set(2, Number.NaN);
  column.set(3, -32_767);
  assert.equal(arrayOf(column), Int16Array);
  assert.deepEqual([0, 1, 2, 3].map((row) => column.get(row)), [null, null, null, -32_767]);
});

test("a nullable column widens for a number equal to its null, and keeps its nulls null when it does", () => {
  const widened = (value: number) => {
    const column = new NullableColumn(3);
    column.set(0, 12);
    column.set(2, value);
    assert.deepEqual([column.get(0), column.get(1)], [12, null]);
    assert.ok(Object.is(column.get(2), value), `${column.get(2)} for ${value}`);
    return arrayOf(column);
  };
  assert.equal(widened(32_767), Int16Array);
  assert.equal(widened(-32_768), Int32Array);
  assert.equal(widened(40_000), Int32Array);
  assert.equal(widened(-(2 ** 31)), Float64Array);
  assert.equal(widened(0.5), Float64Array);
  assert.equal(widened(-0), Float64Array);
  const twice = new NullableColumn(3);
  twice.set(0, -32_768);
  twice.set(1, -(2 ** 31));
  assert.deepEqual([twice.get(0), twice.get(1), twice.get(2)], [-32_768, -(2 ** 31), null]);
});
