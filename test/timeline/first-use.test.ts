import assert from "node:assert/strict";
import { test } from "node:test";
import { FirstUse } from "../../src/timeline/first-use.js";
import { withoutTemporaryFiles } from "../support/scratch-directory.js";
import { seededRandom } from "../support/seeded-random.js";

test("keeps the first position each id number was carried at, none for an id never carried", () => {
  const first = new FirstUse();
  first.note(3, 10);
  first.note(3, 12);
  first.note(0, 0);
  assert.equal(first.of(3), 10);
  assert.equal(first.of(0), 0);
  assert.equal(first.of(1), undefined);
  assert.equal(first.of(1_000_000), undefined);
});

test("grows past its first room, keeping what it held and none for the numbers between", () => {
  const first = new FirstUse();
  first.note(5, 7);
  first.note(100_000, 8);
  assert.equal(first.of(5), 7);
  assert.equal(first.of(100_000), 8);
  assert.equal(first.of(99_999), undefined);
  assert.equal(first.of(4096), undefined);
});

test("a position past four bytes widens every number to eight, none still none", () => {
  const first = new FirstUse();
  first.note(2, 0xfffffffe);
  first.note(1, 0xffffffff);
  first.note(7, 2 ** 40);
  first.note(2, 1);
  assert.equal(first.of(2), 0xfffffffe);
  assert.equal(first.of(1), 0xffffffff);
  assert.equal(first.of(7), 2 ** 40);
  assert.equal(first.of(3), undefined);
  first.note(9000, 2 ** 41);
  assert.equal(first.of(9000), 2 ** 41);
  assert.equal(first.of(8999), undefined);
});

test("numbers on either side of a block's edge keep their own positions, blocks never reached between them read none, and widening keeps them all", () => {
  const first = new FirstUse();
  const noted = [4095, 4096, 8191, 8192, 0, 40_000];
  noted.forEach((code, k) => first.note(code, 100 + k));
  noted.forEach((code, k) => assert.equal(first.of(code), 100 + k));
  for (const code of [1, 4094, 4097, 8190, 8193, 12_288, 20_000, 39_999, 40_001, 50_000]) assert.equal(first.of(code), undefined);
  first.note(20_000, 2 ** 33);
  first.note(4096, 2 ** 34);
  noted.forEach((code, k) => assert.equal(first.of(code), 100 + k));
  assert.equal(first.of(20_000), 2 ** 33);
  for (const code of [1, 4097, 8193, 20_001, 24_576, 39_999]) assert.equal(first.of(code), undefined);
  first.note(30_000, 5);
  assert.equal(first.of(30_000), 5);
  assert.equal(first.of(30_001), undefined);
});

/** A FirstUse keeping `resident` blocks (of 4,096 numbers) in memory, for `run`. */
function withResidentBlocks<T>(resident: number, run: () => T): T {
  const kept = FirstUse.residentBlocks;
  FirstUse.residentBlocks = resident;
  try {
    return run();
  } finally {
    FirstUse.residentBlocks = kept;
  }
}

/**
 * Notes, as a fold makes them, over 40 blocks of numbers with 2 in memory: mostly the newest ids,
 * now and then an old one (a block out of memory, read and written alone, then read back whole),
 * each checked against a Map; then a position past four bytes widens every block, in memory or not.
 */
function notesAgainstAMap(first: FirstUse) {
  const random = seededRandom(41);
  const model = new Map<number, number>();
  const note = (code: number, seq: number) => {
    first.note(code, seq);
    if (!model.has(code)) model.set(code, seq);
  };
  const codes = 40 * 4096;
  let seq = 0;
  for (let newest = 0; newest < codes; newest += 7) {
    note(newest, seq++);
    note(newest - random.int(Math.min(newest + 1, 500)), seq++);
    if (random.int(20) === 0) note(random.int(newest + 1), seq++);
  }
  const check = () => {
    for (let code = 0; code < codes + 4096; code += 3) assert.equal(first.of(code), model.get(code), `code ${code}`);
  };
  check();
  note(5, 2 ** 33);
  note(codes - 1, 2 ** 34);
  note(codes + 1, 2 ** 35);
  check();
}

test("blocks past the resident ones leave memory: every first use is kept as a Map keeps it, through reads alone, reads back and widening", () => {
  withResidentBlocks(2, () => {
    const first = new FirstUse();
    notesAgainstAMap(first);
    assert.ok(first.spilledBlocks >= 35, `${first.spilledBlocks} blocks out of memory`);
    assert.ok(first.blocksReadBack > 0);
  });
});

test("with no temporary file to be had, the blocks stay in memory and every first use is kept as before", () => {
  withoutTemporaryFiles(() =>
    withResidentBlocks(2, () => {
      const first = new FirstUse();
      notesAgainstAMap(first);
      assert.equal(first.spilledBlocks, 0);
    }),
  );
});
