import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GatheredValues } from "../src/gathered-values.js";
import { summarizeValues } from "../src/statistics.js";
import { seededRandom } from "./support/seeded-random.js";

/** Gathered in blocks of `valuesPerBlock`, and summarized by a select that gathers no more than `gatheredAtMost` (0: counts every digit). */
function summarizedOneByOne(values: readonly number[], valuesPerBlock?: number, gatheredAtMost?: number) {
  const gathered = new GatheredValues("the test's values", valuesPerBlock, 2, gatheredAtMost);
  for (const value of values) gathered.add(value);
  return gathered.summarize();
}

test("gathered one by one, the values summarize as summarizeValues gives of them all: duplicates, fractions, -0, NaN, ±Infinity", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -50, max: 50 }) },
    { weight: 3, arbitrary: fc.double() },
    { weight: 2, arbitrary: fc.integer({ min: -20, max: 20 }).map((v) => v / 4) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity) },
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 400 }), fc.constantFrom(undefined, 0, 3), (values, gatheredAtMost) =>
      assert.deepEqual(summarizedOneByOne(values, undefined, gatheredAtMost), summarizeValues(Float64Array.from(values))),
    ),
    { numRuns: 3000 },
  );
});

test("NaNs of any payload are one value, -0 and 0 two, however many values come before and after", () => {
  const otherNaN = new Float64Array(new Uint32Array([1, 0x7ff80001]).buffer)[0]!;
  assert.ok(Number.isNaN(otherNaN));
  const values = [...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 4999 / 8), otherNaN, -0, 0, -0, Number.NaN, otherNaN];
  for (const shown of [values, values.slice(-6), [-0, -0, 0], [0, -0]]) {
    for (const gatheredAtMost of [undefined, 0, 3]) assert.deepEqual(summarizedOneByOne(shown, 64, gatheredAtMost), summarizeValues(Float64Array.from(shown)));
  }
  assert.deepEqual(summarizedOneByOne([]), { count: 0, min: null, median: null, p95: null, max: null });
});

test("in blocks of a few values, most out of memory, the values summarize as summarizeValues: values told again, before, between and after the others", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -30, max: 30 }) },
    { weight: 2, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity) },
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.array(value, { maxLength: 300 }), (valuesPerBlock, values) => {
      const gathered = new GatheredValues("the test's values", valuesPerBlock);
      for (const v of values) gathered.add(v);
      assert.deepEqual(gathered.summarize(), summarizeValues(Float64Array.from(values)));
      // The blocks made, all but two (the last and the one used last) are out of memory.
      assert.equal(gathered.spilledBlocks, Math.max(0, Math.ceil(values.length / valuesPerBlock) - 2));
    }),
    { numRuns: 500 },
  );
});

test("gaps as a long log's, most told once, some many times, over blocks of their own size", () => {
  const { next } = seededRandom(7);
  const values = Array.from({ length: 200_000 }, () => (next() < 0.3 ? Math.floor(next() * 50) : Math.floor(next() ** 3 * 1_800_000)));
  assert.deepEqual(summarizedOneByOne(values), summarizeValues(Float64Array.from(values)));
  assert.deepEqual(summarizedOneByOne(values, 1000), summarizeValues(Float64Array.from(values)));
  assert.deepEqual(summarizedOneByOne(values, 1000, 0), summarizeValues(Float64Array.from(values)));
});

test("settled, the values summarize as before, a new object at each ask, and no value is taken after", () => {
  const { next } = seededRandom(11);
  for (const [valuesPerBlock, length] of [[8, 0], [8, 5], [8, 8], [8, 61], [32768, 5000]] as const) {
    const values = Array.from({ length }, () => (next() < 0.1 ? -0 : Math.floor(next() * 300)));
    const gathered = new GatheredValues("the test's values", valuesPerBlock);
    for (const value of values) gathered.add(value);
    gathered.settle();
    const summary = gathered.summarize();
    assert.deepEqual(summary, summarizeValues(Float64Array.from(values)), `${valuesPerBlock} a block, ${length} values`);
    assert.notEqual(gathered.summarize(), summary);
    assert.deepEqual(gathered.summarize(), summary);
    gathered.settle();
    assert.deepEqual(gathered.summarize(), summary);
    assert.equal(gathered.count, length);
    assert.throws(() => gathered.add(1), /settled/);
  }
});

test("counted digit by digit to the last, values that differ only in their key's lower words are told apart as a sort tells them", () => {
  const { int } = seededRandom(3);
  // Words apart: the same high word (sign, exponent, the mantissa's top bits) with another low word, and the reverse.
  const words = (high: number, low: number) => new Float64Array(new Uint32Array([low, high]).buffer)[0]!;
  for (const high of [0x3ff00000, 0xbff00000, 0x41300000]) {
    const values = Array.from({ length: 3_000 }, () => words(high + int(3), int(4) * 0x10000 + int(5) + (int(2) === 0 ? 0 : 0x80000000)));
    for (const gatheredAtMost of [0, 2, 100]) assert.deepEqual(summarizedOneByOne(values, 256, gatheredAtMost), summarizeValues(Float64Array.from(values)), `high ${high.toString(16)}, ${gatheredAtMost}`);
  }
});
