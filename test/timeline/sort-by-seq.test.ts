import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { sortBySeq } from "../../src/timeline/sort-by-seq.js";

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
