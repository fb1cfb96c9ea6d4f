import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { BlockStore, Residence, SingleReads } from "../../src/timeline/block-store.js";
import { NULL_CODE } from "../../src/timeline/interner.js";
import { type LoggedRequest, RequestTable } from "../../src/timeline/records.js";
import { FILE } from "../support/analyzer-tester.js";
import { withScratchDirectory } from "../support/scratch-directory.js";
import { timelineTrailing } from "../support/trailing-walk.js";
import { created, request, response } from "../support/log-lines.js";

const BLOCK_ROWS = 16_384;
const ROWS = 6 * BLOCK_ROWS + 100;

/** A table of ROWS rows, and records of some early rows held from the start, as the matcher holds its waiting requests. */
function filledTable(residentBlocks: number): { table: RequestTable; held: LoggedRequest[] } {
  const table = new RequestTable(residentBlocks);
  const code = (value: string | null) => table.strings.code(value);
  const held: LoggedRequest[] = [];
  for (let i = 0; i < ROWS; i++) {
    const row = table.add(3 * i, 1_772_409_600_000 + i, i + 1, code("f"), code(`c${i % 7}`), code("POST"), code("tools/call"), i % 2 ? NULL_CODE : code(`s${i % 500}`), null, i, NULL_CODE);
    // One a block: each block written late by one writer alone.
    if (i % BLOCK_ROWS === 17) held.push(table.record(row));
    // Answered near the reading, as most requests are.
    if (i % 3 === 0) table.record(row).answer(3 * i + 1, 1_772_409_600_000 + i + 2, i + 2, code("f"), NULL_CODE, 200, NULL_CODE);
  }
  return { table, held };
}

/** Late writes to the held rows, far from the reading: an answer (values that widen the row's columns), a claim or an inferred initialize. */
function writeLate(table: RequestTable, held: readonly LoggedRequest[]) {
  held.forEach((request, i) => {
    if (i % 3 === 0) request.answer(request.seq + 1_000_000 + i, request.at + 0.25, 2 ** 33 + i, table.strings.code("late"), table.strings.code(`new${i}`), 70_000 + i, table.strings.code("elsewhere"));
    else if (i % 3 === 1) request.noteClaimed();
    else request.inferInitialize();
  });
}

/** Everything a row reads back, through a record made anew, a cursor and the table's own readers. */
function readAll(table: RequestTable): unknown[] {
  const cursor = table.cursor();
  const responses = table.responseCursor();
  const rows: unknown[] = [];
  for (let row = 0; row < table.length; row++) {
    const r = table.record(row);
    const c = cursor.moveTo(row);
    const response = r.response;
    rows.push([
      [r.seq, r.at, r.ref, r.clientKey, r.sessionId, r.isInitialize, r.initializeInferred, r.batch, r.claimed, r.responseSeq, r.responseStatus, r.responseSessionId],
      [c.seq, c.claimed, c.responseSeq],
      [table.seqOf(row), table.atOf(row), table.responseSeqOf(row), table.isInitializeOf(row), table.isClaimedOf(row), table.hasResponseOf(row)],
      response === null ? null : [response.seq, response.at, response.ref, response.status, response.sessionId, response.instance, responses.moveTo(row).ref],
    ]);
  }
  return rows;
}

test("a table over its resident bound spills blocks and reads back every row, late answers, claims and inferred initializes included", () => {
  const kept = filledTable(Infinity);
  writeLate(kept.table, kept.held);
  const spilling = filledTable(2);
  // Early blocks are in the file when the late writes come: each write reads its block back.
  assert.ok(spilling.table.spilledBlocks >= 4, `${spilling.table.spilledBlocks} blocks spilled`);
  writeLate(spilling.table, spilling.held);
  // Reading the other blocks drops the written ones again: what was written must go with them.
  for (let row = 0; row < ROWS; row += 1000) spilling.table.seqOf(ROWS - 1 - row);
  assert.equal(kept.table.spilledBlocks, 0);
  assert.deepEqual(readAll(spilling.table), readAll(kept.table));
  // The records held from the start read what the late writes wrote.
  const lateReads = (held: readonly LoggedRequest[]) => held.map((r) => [r.responseSeq, r.claimed, r.initializeInferred, r.response?.ref]);
  assert.deepEqual(lateReads(spilling.held), lateReads(kept.held));
});

test("a spill file that cannot be made leaves every block in memory, every row read back; one made leaves nothing behind", () => {
  withScratchDirectory("spill-test-", (dir) => {
    process.env.TMPDIR = join(dir, "missing");
    const unspilled = filledTable(2);
    assert.equal(unspilled.table.spilledBlocks, 0);
    process.env.TMPDIR = dir;
    const spilled = filledTable(2);
    assert.ok(spilled.table.spilledBlocks > 0);
    // Removed as soon as opened: the blocks are in a file no directory lists.
    assert.deepEqual(readdirSync(dir), []);
    writeLate(unspilled.table, unspilled.held);
    writeLate(spilled.table, spilled.held);
    assert.deepEqual(readAll(spilled.table), readAll(unspilled.table));
  });
});

test("a timeline whose requests spill reads as one whose requests stay: answers, claims and inferred initializes far behind the reading", async () => {
  // Four blocks of requests; early ones answered, claimed and inferred only at the end, past
  // thousands of rows: the walk and the matcher write them once their blocks are in the file.
  const lines: Record<string, unknown>[] = [];
  const late: Record<string, unknown>[] = [];
  const bare = request(0, null);
  lines.push(bare);
  for (let i = 0; i < 4 * BLOCK_ROWS; i++) {
    // Session-less requests of unknown kind (as pino's, no JSON-RPC body): an answer with a new id infers their initialize.
    const { is_initialize: _, rpc_method: __, ...unknownKind } = request(1 + i / 100, null);
    const sent = i % 2 ? request(1 + i / 100, "s-old") : unknownKind;
    lines.push(sent);
    if (i % 5_000 === 2) late.push(response(1000 + i, sent, `inferred${i}`));
    else if (i % 4 !== 1) lines.push(response(1 + i / 100 + 0.005, sent, i % 2 ? "s-old" : null));
  }
  lines.push(...late, created(2000, "claims-the-first"));
  const read = async (residentBlocks: number) => {
    const previous = RequestTable.residentBlocks;
    RequestTable.residentBlocks = residentBlocks;
    try {
      const timeline = await timelineTrailing(lines, 2_000);
      const requests = [...timeline.requests].map((r) => [r.seq, r.isInitialize, r.initializeInferred, r.response?.seq, r.response?.sessionId, r.response?.ref]);
      const sessions = [...timeline.sessions].map((s) => [s.id, s.createdBy?.ref ?? null, s.requests.length]);
      return { requests, sessions };
    } finally {
      RequestTable.residentBlocks = previous;
    }
  };
  const spilled = await read(2);
  const kept = await read(Infinity);
  assert.deepEqual(spilled, kept);
  // What the test is about happened: inferred initializes, and the bare initialize claimed.
  assert.ok(kept.requests.filter((r) => r[2] === true).length >= 10);
  assert.deepEqual(kept.sessions.find((s) => s[0] === "claims-the-first")?.[1], { file: FILE, line: 1 });
});

/** A block of two columns, `rows` rows each, its values from `first` on. */
function plainBlock(rows: number, first: number) {
  return { residence: new Residence(), a: Int32Array.from({ length: rows }, (_, i) => first + i), b: Float64Array.from({ length: rows }, (_, i) => (first + i) / 2) };
}

test("a block read back and dropped gives its buffer to the next read back, moved: what held its arrays reads nothing, every block reads its own rows", () => {
  const store = new BlockStore<ReturnType<typeof plainBlock>>(2, ["a", "b"]);
  // The first block is the largest: the buffer it is read back into fits every other block.
  const blocks = [plainBlock(4096, 0), ...Array.from({ length: 4 }, (_, k) => plainBlock(1024, 10_000 * (k + 1)))];
  const copies = blocks.map((block) => [Array.from(block.a), Array.from(block.b)]);
  for (const block of blocks) store.added(block);
  assert.equal(store.spilled, 3);
  const [large, ...small] = blocks;
  store.use(large!);
  const largeBuffer = large!.a!.buffer.byteLength;
  const stale = large!.a!;
  assert.equal(store.pooled, 0);
  // Reading two small ones back drops the large one (and the last block is pinned): its buffer is pooled, then read into.
  store.use(small[0]!);
  assert.equal(large!.a, null);
  assert.equal(stale.length, 0, "an array of a dropped block must not read the buffer another block is read into");
  assert.ok(store.pooled <= 1);
  const readInto = [small[0]!, small[1]!].map((block) => (store.use(block), block.a!.buffer.byteLength));
  assert.ok(readInto.includes(largeBuffer), `read into ${readInto}, the large block's buffer took ${largeBuffer} bytes`);
  for (const [k, block] of blocks.entries()) {
    store.use(block);
    assert.deepEqual([Array.from(block.a!), Array.from(block.b!)], copies[k]);
  }
});

test("a pool whose buffers are too small for what is read back empties rather than keeps them", () => {
  const store = new BlockStore<ReturnType<typeof plainBlock>>(1, ["a", "b"]);
  const blocks = [plainBlock(16, 0), plainBlock(16, 100), plainBlock(4096, 200), plainBlock(4096, 300), plainBlock(8, 400)];
  for (const block of blocks) store.added(block);
  // Small blocks read back and dropped: their buffers wait in the pool.
  store.use(blocks[0]!);
  store.use(blocks[1]!);
  store.use(blocks[2]!);
  const pooled = store.pooled;
  assert.ok(pooled >= 1);
  // Large blocks fit none of them: each read back drops one, and the pool is left with the large blocks' own.
  store.use(blocks[3]!);
  store.use(blocks[2]!);
  store.use(blocks[3]!);
  assert.ok(store.pooled <= pooled);
  store.use(blocks[0]!);
  assert.equal(blocks[0]!.a!.buffer.byteLength >= 4096 * 12, true, "a small block is read into a large block's buffer");
  assert.deepEqual(Array.from(blocks[0]!.a!), Array.from({ length: 16 }, (_, i) => i));
});

test("readSpilled reads a few bytes of a block out of memory from the file, the block left out; a block in memory or bytes past its array are refused", () => {
  const store = new BlockStore<ReturnType<typeof plainBlock>>(1, ["a", "b"]);
  const blocks = [plainBlock(1024, 0), plainBlock(1024, 5000), plainBlock(8, 9000)];
  for (const block of blocks) store.added(block);
  assert.equal(store.spilled, 2);
  const into = new ArrayBuffer(16);
  store.readSpilled(blocks[1]!, "a", 4 * 1000, 16, into);
  assert.deepEqual(Array.from(new Int32Array(into)), [6000, 6001, 6002, 6003]);
  store.readSpilled(blocks[0]!, "b", 8 * 7, 16, into);
  assert.deepEqual(Array.from(new Float64Array(into)), [3.5, 4]);
  assert.deepEqual([store.spilled, store.readBack, blocks[0]!.a, blocks[1]!.b], [2, 0, null, null]);
  assert.throws(() => store.readSpilled(blocks[1]!, "a", 4 * 1021, 16, into), /no 16 bytes at 4084/);
  assert.throws(() => store.readSpilled(blocks[2]!, "a", 0, 16, into), /in memory/);
});

test("writeSpilled writes a few bytes of a block out of memory in the file: read back, the block has them, and its other rows are as they were", () => {
  const store = new BlockStore<ReturnType<typeof plainBlock>>(1, ["a", "b"]);
  const blocks = [plainBlock(1024, 0), plainBlock(1024, 5000), plainBlock(8, 9000)];
  for (const block of blocks) store.added(block);
  assert.equal(store.writeSpilled(blocks[1]!, "a", 4 * 10, Int32Array.of(-1, -2)), true);
  const into = new ArrayBuffer(16);
  store.readSpilled(blocks[1]!, "a", 4 * 9, 16, into);
  assert.deepEqual(Array.from(new Int32Array(into)), [5009, -1, -2, 5012]);
  assert.deepEqual([store.spilled, store.readBack], [2, 0]);
  store.use(blocks[1]!);
  assert.deepEqual(Array.from(blocks[1]!.a!.subarray(8, 14)), [5008, 5009, -1, -2, 5012, 5013]);
  assert.throws(() => store.writeSpilled(blocks[1]!, "a", 0, Int32Array.of(1)), /in memory/);
  assert.throws(() => store.writeSpilled(blocks[0]!, "a", 4 * 1023, Int32Array.of(1, 2)), /no 8 bytes at 4092/);
});

/** A block whose columns nest: `a` a typed array, `c` a column holding one and a column of its own. */
function nestedBlock(rows: number, first: number) {
  return {
    residence: new Residence(),
    a: Int32Array.from({ length: rows }, (_, i) => first + i),
    c: { base: first, values: Int16Array.from({ length: rows }, (_, i) => i % 100) as Int16Array | Int32Array, inner: { bytes: Uint8Array.from({ length: rows }, (_, i) => i % 7) } },
  };
}

const contentsOf = (block: ReturnType<typeof nestedBlock>) => [Array.from(block.a), block.c.base, Array.from(block.c.values), Array.from(block.c.inner.bytes)];

test("blocks laid out alike share one layout, nested columns and all; one widened since gets another, and every block reads back its own arrays", () => {
  const store = new BlockStore<ReturnType<typeof nestedBlock>>(1, ["a", "c"], "the test's table");
  const blocks = Array.from({ length: 8 }, (_, k) => nestedBlock(k === 7 ? 10 : 256, 1000 * k));
  // Two blocks widened alike (their values no longer fit two bytes), one at 70,000.
  for (const k of [2, 5]) blocks[k]!.c.values = Int32Array.from(blocks[k]!.c.values, (v, i) => (i === 3 ? 70_000 + k : v));
  const copies = blocks.map(contentsOf);
  for (const block of blocks) store.added(block);
  assert.equal(store.spilled, 7);
  const layouts = blocks.slice(0, 7).map((block) => block.residence.layout);
  assert.ok(layouts.every((layout) => layout !== null));
  // Blocks 0, 1, 3, 4 and 6 alike; 2 and 5 alike; the last, shorter, not written yet.
  assert.equal(new Set(layouts).size, 2);
  assert.equal(layouts[2], layouts[5]);
  assert.notEqual(layouts[0], layouts[2]);
  assert.deepEqual(blocks[4]!.c.values, null);
  assert.deepEqual(blocks[4]!.c.inner.bytes, null);
  // The first by a few bytes of a top-level array, then every block read back whole.
  const into = new ArrayBuffer(8);
  store.readSpilled(blocks[3]!, "a", 4 * 5, 8, into);
  assert.deepEqual(Array.from(new Int32Array(into)), [3005, 3006]);
  for (const [k, block] of blocks.entries()) {
    store.use(block);
    assert.deepEqual(contentsOf(block), copies[k], `block ${k}`);
  }
  // Widened after it was written, a block is written again with a layout of its own.
  const block = blocks[1]!;
  store.use(block);
  block.c.values = Int32Array.from(block.c.values);
  block.c.values[0] = -100_000;
  block.residence.dirty = true;
  const widened = contentsOf(block);
  for (const other of blocks) store.use(other);
  assert.equal(block.c.values, null);
  assert.equal(block.residence.layout, layouts[2]);
  store.use(block);
  assert.deepEqual(contentsOf(block), widened);
});

test("SingleReads: a block is asked alone limit - 1 times, then read back whole, and its count starts again; each block counts on its own", () => {
  const reads = new SingleReads(3);
  const asks = (index: number, times: number) => Array.from({ length: times }, () => reads.readAlone(index));
  assert.deepEqual(asks(0, 7), [true, true, false, true, true, false, true]);
  // A block far past the first ones' counts, and the first block's count left where it was.
  assert.deepEqual(asks(1_000, 3), [true, true, false]);
  assert.deepEqual(asks(0, 2), [true, false]);
  assert.deepEqual(new SingleReads(1).readAlone(5), false);
  assert.throws(() => new SingleReads(0), /a limit of 0/);
  assert.throws(() => new SingleReads(256), /a limit of 256/);
});
