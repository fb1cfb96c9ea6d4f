import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { summarizeRead, summarizeValues } from "../src/statistics.js";

/** The values a caller gathers for summarizeValues: the numbers, nulls left out. */
function numbersOf(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values.filter((v): v is number => v !== null));
}

/** The definition: the ranks read off a sorted copy (a typed array's sort: NaN last, -0 before 0). */
function bySorting(values: readonly (number | null)[]) {
  const sorted = Float64Array.from(values.filter((v): v is number => v !== null)).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, min: null, median: null, p95: null, max: null };
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: n, min: sorted[0]!, median, p95: sorted[Math.max(0, Math.ceil(0.95 * n) - 1)]!, max: sorted[n - 1]! };
}

test("summarizeValues selects the ranks a sort would give, duplicates, -0 and NaN included, of the numbers among nulls", () => {
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -50, max: 50 }) },
    { weight: 3, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(null, -0, 0, Number.NaN, Infinity, -Infinity) },
  );
  fc.assert(fc.property(fc.array(value, { maxLength: 300 }), (values) => assert.deepEqual(summarizeValues(numbersOf(values)), bySorting(values))), { numRuns: 2000 });
});

test("summarizeValues on many values: in order, reversed, few distinct, organ-pipe", () => {
  const n = 100_001;
  const shapes = [
    Array.from({ length: n }, (_, i) => i),
    Array.from({ length: n }, (_, i) => n - i),
    Array.from({ length: n }, (_, i) => (i * 7919) % 13),
    Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    Array.from({ length: n }, () => 42),
  ];
  for (const values of shapes) {
    assert.deepEqual(summarizeValues(numbersOf(values)), bySorting(values));
    assert.deepEqual(summarizeValues(numbersOf(values.slice(1))), bySorting(values.slice(1)));
  }
});

test("summarizeValues of a view of a larger Float64Array reads the view only", () => {
  const value = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double(), fc.constantFrom(null, -0, Number.NaN));
  fc.assert(
    fc.property(fc.array(value, { maxLength: 300 }), (values) => {
      const kept = numbersOf(values);
      const room = new Float64Array(kept.length + 2);
      room.set(kept);
      assert.deepEqual(summarizeValues(room.subarray(0, kept.length)), bySorting(values));
    }),
    { numRuns: 1000 },
  );
});

test("summarizeValues of whole numbers whose range is shorter than their count (counted, not selected), near 0 and at an epoch's size", () => {
  for (const base of [0, -1000, 1_772_000_000_000]) {
    const value = fc.integer({ min: 0, max: 40 }).map((v) => base + v);
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 120 }), (values) => assert.deepEqual(summarizeValues(numbersOf(values)), bySorting(values))), { numRuns: 500 });
  }
  // The range one less than the count (counted) and equal to it (selected).
  for (const n of [2, 3, 1000, 1001]) {
    for (const values of [Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => (i === 0 ? n : i))]) {
      assert.deepEqual(summarizeValues(numbersOf(values)), bySorting(values));
    }
  }
});

test("summarizeRead gives what summarizeValues gives of the values it reads, nulls skipped, counted or gathered", () => {
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(-0, Number.NaN, Infinity, -Infinity, 0.5, 1e9) },
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 300 }), (values) => {
      assert.deepEqual(summarizeRead(values.length, (i) => values[i]!), summarizeValues(numbersOf(values)));
      assert.deepEqual(summarizeRead(values.length, (i) => values[i]!), bySorting(values));
    }),
  );
});

test("summarizeRead reads each value twice: whole values of a short range, nulls among them, as the stream lifetimes are; and no values", () => {
  const values = Array.from({ length: 1001 }, (_, i) => (i % 10 === 0 ? null : 40 + ((i * 7919) % 861)));
  let reads = 0;
  const summary = summarizeRead(values.length, (i) => (reads++, values[i]!));
  assert.equal(reads, 2 * values.length);
  assert.deepEqual(summary, bySorting(values));
  assert.deepEqual(summarizeRead(3, () => null), { count: 0, min: null, median: null, p95: null, max: null });
});
