import assert from "node:assert/strict";
import { test } from "node:test";
import { BLOCK_PLACES, PackedRowBlocks } from "../../src/timeline/packed-row-blocks.js";
import { seededRandom } from "../support/seeded-random.js";

/**
 * Places of sessions side by side, and their rows put in row order as groupRows puts them: sessions
 * open a few at a time, in the order of their places, and most end soon; `kept` sessions (the
 * first places) are used all along, so that their blocks, long left behind, are put to again. Some
 * rows lie 65,536 or more after the one before, which widens their group.
 */
function puts(seed: number, sessions: number, kept: number): { length: number; placeRows: [number, number][] } {
  const { next } = seededRandom(seed);
  const counts = Array.from({ length: sessions }, (_, s) => (s < kept ? 400 : 1 + Math.floor(next() * 8)));
  const starts = [0];
  for (const count of counts) starts.push(starts[starts.length - 1]! + count);
  const filled = counts.map(() => 0);
  const open: number[] = Array.from({ length: kept }, (_, s) => s);
  const placeRows: [number, number][] = [];
  let opened = kept;
  let row = 0;
  while (open.length > 0 || opened < sessions) {
    if (opened < sessions && (open.length < kept + 4 || next() < 0.3)) open.push(opened++);
    // The kept sessions are asked one time in twenty, the others evenly; at the end, any left.
    const i = next() < 0.05 || open.length <= kept ? Math.floor(next() * Math.min(kept, open.length)) : kept + Math.floor(next() * (open.length - kept));
    const session = open[i]!;
    row += next() < 0.01 ? 70_000 : 1 + Math.floor(next() * 3);
    placeRows.push([starts[session]! + filled[session]!++, row]);
    if (filled[session] === counts[session]) open.splice(i, 1);
  }
  return { length: starts[sessions]!, placeRows };
}

function built(length: number, placeRows: [number, number][], residentBlocks: number, maxWaiting: number): PackedRowBlocks {
  const rows = new PackedRowBlocks(length, residentBlocks, maxWaiting);
  for (const [place, row] of placeRows) rows.put(place, row);
  return rows.finish();
}

test("PackedRowBlocks reads back every row put, blocks out of memory and rows waiting for them or not", () => {
  for (const seed of [1, 2, 3]) {
    const { length, placeRows } = puts(seed, 24_000, 3);
    assert.ok(length > 5 * BLOCK_PLACES, `${length} places`);
    const expected = new Int32Array(length).fill(-1);
    for (const [place, row] of placeRows) expected[place] = row;
    assert.equal(placeRows.length, length);
    assert.ok(expected.every((row) => row >= 0));
    // Two or three blocks kept: the kept sessions' block leaves memory and is put to again, many
    // times. Rows that wait without bound leave the blocks out of memory at the end; read back for
    // every row that waits, the store soon keeps every block (block-store.ts, READS_PER_BLOCK).
    for (const residentBlocks of [2, 3]) {
      for (const maxWaiting of [1, 37, 1 << 30]) {
        const rows = built(length, placeRows, residentBlocks, maxWaiting);
        if (maxWaiting === 1 << 30) assert.ok(rows.spilledBlocks >= 3, `seed ${seed}: ${rows.spilledBlocks} blocks out of memory`);
        assert.deepEqual(rows.toInt32Array(), expected, `seed ${seed}, ${residentBlocks} kept, ${maxWaiting} waiting at most`);
      }
    }
    assert.deepEqual(built(length, placeRows, 64, 1 << 30).toInt32Array(), expected, `seed ${seed}, every block in memory`);
  }
});

test("PackedRowBlocks reads its blocks back as the rows wait: none before too many wait, then the block with most", () => {
  const { length, placeRows } = puts(4, 24_000, 3);
  const blocks = Math.ceil(length / BLOCK_PLACES);
  const unbounded = built(length, placeRows, 2, 1 << 30);
  // Put rows never read a block back: those that wait are taken at the end, once a block.
  assert.ok(unbounded.blocksReadBack <= blocks, `${unbounded.blocksReadBack} read back, ${blocks} blocks`);
  const bounded = built(length, placeRows, 2, 200);
  assert.ok(bounded.blocksReadBack > unbounded.blocksReadBack, `${bounded.blocksReadBack} against ${unbounded.blocksReadBack}`);
  // Each block read back took at least a few hundred rows' worth of waiting: the one with most.
  assert.ok(bounded.blocksReadBack < placeRows.length / 20, `${bounded.blocksReadBack} read back for ${placeRows.length} rows`);
});

test("PackedRowBlocks read in the order of their places read each block back once", () => {
  const { length, placeRows } = puts(5, 24_000, 3);
  const rows = built(length, placeRows, 3, 1 << 30);
  const before = rows.blocksReadBack;
  for (let place = 0; place < length; place++) rows.get(place);
  assert.ok(rows.blocksReadBack - before <= Math.ceil(length / BLOCK_PLACES), `${rows.blocksReadBack - before} read back`);
  // A pass reading places in any order within placesPerPass of them, from mid-block, reads each block back once.
  const span = rows.placesPerPass;
  assert.equal(span, BLOCK_PLACES);
  const { next } = seededRandom(9);
  for (const from of [BLOCK_PLACES / 2, 2 * BLOCK_PLACES + 100]) {
    const readBack = rows.blocksReadBack;
    for (let i = 0; i < 5000; i++) rows.get(from + Math.floor(next() * span));
    assert.ok(rows.blocksReadBack - readBack <= 2, `${rows.blocksReadBack - readBack} read back from ${from}`);
  }
});

test("PackedRowBlocks of no places, and of places within one block", () => {
  assert.equal(new PackedRowBlocks(0).finish().length, 0);
  const rows = new PackedRowBlocks(3);
  [5, 9, 200_000].forEach((row, place) => rows.put(place, row));
  assert.deepEqual([...rows.finish().toInt32Array()], [5, 9, 200_000]);
});
