import assert from "node:assert/strict";
import { test } from "node:test";
import { BlockStore } from "../../src/timeline/block-store.js";
import { NULL_CODE } from "../../src/timeline/interner.js";
import { RequestTable } from "../../src/timeline/records.js";
import { refsInRowOrder } from "../../src/timeline/refs-in-row-order.js";

const BLOCK_ROWS = 16_384;
const BLOCKS = 6;

/** BLOCKS blocks of rows, two of them in memory: the others spilled, read back when read. */
function spilledTable(): RequestTable {
  const table = new RequestTable(2);
  const code = (value: string | null) => table.strings.code(value);
  for (let i = 0; i < BLOCKS * BLOCK_ROWS; i++) {
    table.add(3 * i, 1_772_409_600_000 + i, 2 * i + 1, code(i % 5 === 0 ? "a.log" : "b.log"), code(`c${i % 7}`), code("POST"), code("tools/call"), NULL_CODE, null, i, NULL_CODE);
  }
  return table;
}

/** Blocks read back while `read` runs. */
function readsBack(read: () => void): number {
  const store = BlockStore.prototype as unknown as { load: (...args: unknown[]) => unknown };
  const load = store.load;
  let reads = 0;
  store.load = function (this: unknown, ...args: unknown[]) {
    reads++;
    return load.apply(this, args);
  };
  try {
    read();
  } finally {
    store.load = load;
  }
  return reads;
}

test("rows asked out of order, some twice: each row's line, each block read back at most once", () => {
  const table = spilledTable();
  assert.ok(table.spilledBlocks >= BLOCKS - 2, `${table.spilledBlocks} blocks spilled`);
  // From block to block, backwards, and round again: read in this order, every block came back several times.
  const asked: number[] = [];
  for (const offset of [9_000, 5, 16_000, 5, 700]) {
    for (let block = BLOCKS - 1; block >= 0; block--) asked.push(block * BLOCK_ROWS + offset);
  }
  let refs = new Map<number, unknown>();
  const reads = readsBack(() => (refs = refsInRowOrder(table, asked)));
  assert.ok(reads <= BLOCKS, `${reads} blocks read back`);
  assert.equal(refs.size, new Set(asked).size);
  for (const row of asked) assert.deepEqual(refs.get(row), { file: row % 5 === 0 ? "a.log" : "b.log", line: 2 * row + 1 });
  // The same lines as the rows' records give.
  for (const row of asked) assert.deepEqual(refs.get(row), table.record(row).ref);
});

test("no rows asked: no lines, nothing read", () => {
  const table = spilledTable();
  assert.equal(readsBack(() => assert.equal(refsInRowOrder(table, []).size, 0)), 0);
});
