import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DistinctValues } from "../src/distinct-values.js";
import { summarizeValues } from "../src/statistics.js";
import { seededRandom } from "./support/seeded-random.js";

function summarizedOneByOne(values: readonly number[]) {
  const distinct = new DistinctValues();
  for (const value of values) distinct.add(value);
  return distinct.summarize();
}

test("counted by distinct value, the values summarize as summarizeValues gives of them all: duplicates, fractions, -0, NaN, ±Infinity", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -50, max: 50 }) },
    { weight: 3, arbitrary: fc.double() },
    { weight: 2, arbitrary: fc.integer({ min: -20, max: 20 }).map((v) => v / 4) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity) },
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 400 }), (values) => assert.deepEqual(summarizedOneByOne(values), summarizeValues(Float64Array.from(values)))),
    { numRuns: 3000 },
  );
});

test("NaNs of any payload are one value, -0 and 0 two, however many distinct values grew the table", () => {
  const otherNaN = new Float64Array(new Uint32Array([1, 0x7ff80001]).buffer)[0]!;
  assert.ok(Number.isNaN(otherNaN));
  const values = [...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 4999 / 8), otherNaN, -0, 0, -0, Number.NaN, otherNaN];
  for (const shown of [values, values.slice(-6), [-0, -0, 0], [0, -0]]) assert.deepEqual(summarizedOneByOne(shown), summarizeValues(Float64Array.from(shown)));
  assert.deepEqual(summarizedOneByOne([]), { count: 0, min: null, median: null, p95: null, max: null });
});

test("merged every few values, sorted counts summarize as summarizeValues: values told again, before, between and after those merged", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -30, max: 30 }) },
    { weight: 2, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity) },
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.array(value, { maxLength: 300 }), (room, values) => {
      const distinct = new DistinctValues(room);
      for (const v of values) distinct.add(v);
      assert.deepEqual(distinct.summarize(), summarizeValues(Float64Array.from(values)));
    }),
    { numRuns: 3000 },
  );
});

test("at its own room, many merges of gaps as a long log's: most told once, some many times", () => {
  const { next } = seededRandom(7);
  const values = Array.from({ length: 200_000 }, () => (next() < 0.3 ? Math.floor(next() * 50) : Math.floor(next() ** 3 * 1_800_000)));
  assert.deepEqual(summarizedOneByOne(values), summarizeValues(Float64Array.from(values)));
});

test("settled, the values summarize as before, merged or pending, a new object at each ask, and no value is taken after", () => {
  const { next } = seededRandom(11);
  for (const [room, length] of [[8, 0], [8, 5], [8, 8], [8, 61], [32768, 5000]] as const) {
    const values = Array.from({ length }, () => (next() < 0.1 ? -0 : Math.floor(next() * 300)));
    const distinct = new DistinctValues(room);
    for (const value of values) distinct.add(value);
    distinct.settle();
    const summary = distinct.summarize();
    assert.deepEqual(summary, summarizeValues(Float64Array.from(values)), `room ${room}, ${length} values`);
    assert.notEqual(distinct.summarize(), summary);
    assert.deepEqual(distinct.summarize(), summary);
    distinct.settle();
    assert.deepEqual(distinct.summarize(), summary);
    assert.equal(distinct.count, length);
    assert.throws(() => distinct.add(1), /settled/);
  }
});

test("whole values within 2^31 are kept in four bytes each until one that is not is merged: then every value, before and after, summarizes as summarizeValues", () => {
  const keysOf = (distinct: DistinctValues) => (distinct as unknown as { keys: Int32Array | Float64Array }).keys;
  const { next } = seededRandom(5);
  for (const odd of [0.5, -0, Number.NaN, 2 ** 31, -(2 ** 31) - 1, Infinity]) {
    const values = Array.from({ length: 3_000 }, () => Math.floor(next() * 2_000_000) - 1_000_000);
    values.push(-(2 ** 31), 2 ** 31 - 1);
    const distinct = new DistinctValues(64);
    for (const value of values) distinct.add(value);
    assert.ok(keysOf(distinct) instanceof Int32Array, `before ${odd}`);
    assert.deepEqual(distinct.summarize(), summarizeValues(Float64Array.from(values)));
    const later = [odd, ...Array.from({ length: 500 }, () => Math.floor(next() * 2_000_000) - 1_000_000), odd];
    for (const value of later) distinct.add(value);
    values.push(...later);
    assert.ok(keysOf(distinct) instanceof Float64Array, `after ${odd}`);
    assert.deepEqual(distinct.summarize(), summarizeValues(Float64Array.from(values)), `after ${odd}`);
  }
});
