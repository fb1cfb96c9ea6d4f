import assert from "node:assert/strict";
import { test } from "node:test";
import { ZeroPagedColumn } from "../../src/timeline/zero-paged-column.js";

test("reads back what was written, 0 elsewhere, over random writes across many pages", () => {
  const column = new ZeroPagedColumn();
  const expected = new Map<number, number>();
  let seed = 99;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  for (let step = 0; step < 100_000; step++) {
    // Three places in each of 64 pages: pages hold 0 to 3 values, so they empty and are made again.
    const i = random(4) === 0 ? random(1_000_000) : random(64) * 4096 + 4093 * random(3);
    // Zeros half the time, so that pages empty and are made again from the spare ones.
    const value = random(2) === 0 ? 0 : random(2) === 0 ? -1 - random(1000) : 1 + random(1_000_000);
    column.set(i, value);
    if (value === 0) expected.delete(i);
    else expected.set(i, value);
    const probe = random(2) === 0 ? random(1_000_000) : random(64) * 4096 + random(4096);
    assert.equal(column.get(probe), expected.get(probe) ?? 0);
  }
  for (const [i, value] of expected) assert.equal(column.get(i), value);
  assert.equal(column.get(5_000_000), 0, "past every page");
});

test("a page is let go once all its places are 0 again, and a few are kept to be used again", () => {
  const column = new ZeroPagedColumn();
  // One place in each of 100 pages, then each cleared: what a log's recent session ids leave as it goes on.
  for (let p = 0; p < 100; p++) column.set(p * 4096 + 7, p + 1);
  assert.equal(column.pagesInUse, 100);
  for (let p = 0; p < 100; p++) {
    assert.equal(column.get(p * 4096 + 7), p + 1);
    column.set(p * 4096 + 7, 0);
  }
  assert.equal(column.pagesInUse, 0);
  // A spare page comes back all 0.
  column.set(3 * 4096 + 100, 5);
  for (let k = 0; k < 4096; k++) assert.equal(column.get(3 * 4096 + k), k === 100 ? 5 : 0);
  assert.equal(column.pagesInUse, 1);
  // Writing 0 where nothing was makes no page; a place written twice counts once.
  column.set(900 * 4096, 0);
  column.set(3 * 4096 + 1, 2);
  column.set(3 * 4096 + 1, 3);
  column.set(3 * 4096 + 1, 0);
  column.set(3 * 4096 + 200, 0);
  assert.equal(column.get(3 * 4096 + 100), 5, "the other place of the page is kept");
  column.set(3 * 4096 + 100, 0);
  assert.equal(column.pagesInUse, 0);
});
