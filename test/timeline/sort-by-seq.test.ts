import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { orderBySeq, sortBySeq } from "../../src/timeline/sort-by-seq.js";

const bySeq = <T extends { seq: number }>(items: readonly T[]) => [...items].sort((a, b) => a.seq - b.seq);

test("sortBySeq orders as a stable comparator sort does, equal positions kept in their order", () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 50 }), { maxLength: 200 }), (seqs) => {
      const items = seqs.map((seq, index) => ({ seq, index }));
      assert.deepEqual(sortBySeq(items, (i) => i.seq), bySeq(items));
    }),
  );
});

test("sortBySeq orders epoch milliseconds and negative keys as numbers, exactly", () => {
  fc.assert(
    fc.property(fc.integer({ min: -5, max: 5 }), fc.array(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_600_000 }), { maxLength: 200 }), (shift, ats) => {
      const items = ats.map((at, index) => ({ seq: index % 7 === 0 ? shift : at, index }));
      assert.deepEqual(sortBySeq(items, (i) => i.seq), bySeq(items));
    }),
  );
});

test("sortBySeq falls back to the comparator where its numeric keys would not be exact", () => {
  for (const seqs of [[2.5, 1, 0.5], [Number.MAX_SAFE_INTEGER, 3, 1], [-1, 4, 2]]) {
    const items = seqs.map((seq, index) => ({ seq, index }));
    assert.deepEqual(sortBySeq(items, (i) => i.seq), bySeq(items));
  }
  assert.deepEqual(sortBySeq([], () => 0), []);
});

test("a list already in order comes back as a copy, equal positions in their order", () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 20 }), { maxLength: 200 }), (seqs) => {
      const items = [...seqs].sort((a, b) => a - b).map((seq, index) => ({ seq, index }));
      const sorted = sortBySeq(items, (i) => i.seq);
      assert.deepEqual(sorted, items);
      assert.notEqual(sorted, items, "a copy: the caller may not own the list it gave");
    }),
  );
});

test("orderBySeq gives the positions in a stable comparator sort's order, in an Int32Array, on every path (in order, exact keys, fallback with infinities)", () => {
  const byComparator = (seqs: readonly number[]) => seqs.map((_, i) => i).sort((a, b) => seqs[a]! - seqs[b]! || a - b);
  const check = (seqs: readonly number[]) => {
    const order = orderBySeq(seqs.length, (i) => seqs[i]!);
    assert.ok(order instanceof Int32Array);
    assert.deepEqual([...order], byComparator(seqs));
  };
  fc.assert(fc.property(fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 200 }), check));
  fc.assert(fc.property(fc.array(fc.constantFrom(Infinity, -Infinity, 0.5, 3, 1), { maxLength: 60 }), check));
  for (const seqs of [[], [1, 2, 2, 3], [Infinity, 1, Infinity, 0], [2.5, 1, 0.5]]) check(seqs);
});

test("orderBySeq's radix path (1024 keys or more, whole numbers within 2^32 of the least) keeps a stable comparator sort's order", () => {
  const byComparator = (seqs: readonly number[]) => seqs.map((_, i) => i).sort((a, b) => seqs[a]! - seqs[b]! || a - b);
  const check = (seqs: readonly number[]) => assert.deepEqual([...orderBySeq(seqs.length, (i) => seqs[i]!)], byComparator(seqs));
  const keys = (key: fc.Arbitrary<number>) => fc.array(key, { minLength: 1024, maxLength: 3000 });
  fc.assert(
    fc.property(
      fc.oneof(
        keys(fc.integer({ min: -20, max: 20 })),
        keys(fc.integer({ min: 1_700_000_000_000, max: 1_700_086_400_000 })),
        keys(fc.integer({ min: 0, max: 0xffffffff })),
        keys(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
      ),
      check,
    ),
    { numRuns: 40 },
  );
  // Past 2^32 from the least, or not whole: the other paths, with as many keys.
  const wide = Array.from({ length: 1500 }, (_, i) => (i * 7919) % 1500 * 2 ** 22);
  const halves = Array.from({ length: 1500 }, (_, i) => ((i * 7919) % 1500) / 2);
  const infinite = Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? Infinity : (i * 7919) % 1500));
  for (const seqs of [wide, halves, infinite]) check(seqs);
});
