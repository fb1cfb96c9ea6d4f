import assert from "node:assert/strict";
import { test } from "node:test";
import { Interner } from "../../src/timeline/interner.js";
import { LineTable } from "../../src/timeline/line-table.js";

test("the line records read back what was added, across the table's blocks", () => {
  const strings = new Interner();
  const table = new LineTable(strings);
  const at = (i: number) => 1_772_409_600_000 + i / 4;
  const ref = (i: number) => ({ file: `f${i % 3}`, line: i + 1 });
  const records = Array.from({ length: 10_000 }, (_, i) => {
    switch (i % 3) {
      case 0:
        return { record: table.closures.record(table.closure(i, at(i), ref(i).line, strings.code(ref(i).file), strings.code(i % 8 === 0 ? null : `s${i}`), i % 3 === 0 ? null : i)), fields: { sessionId: i % 8 === 0 ? null : `s${i}`, elapsedMs: i % 3 === 0 ? null : i } };
      case 1:
        return { record: table.creationAt(table.creation(i, at(i), ref(i).line, strings.code(ref(i).file), i % 3 === 0 ? null : i, i)), fields: { activeSessions: i % 3 === 0 ? null : i } };
      default:
        return { record: table.endAt(table.end(i % 4 === 0 ? "not-found" : "deleted", i, at(i), ref(i).line, strings.code(ref(i).file), i)), fields: { kind: i % 4 === 0 ? "not-found" : "deleted" } };
    }
  });
  records.forEach(({ record, fields }, i) => {
    const read = Object.fromEntries(Object.keys(fields).map((key) => [key, (record as unknown as Record<string, unknown>)[key]]));
    assert.deepEqual({ seq: record.seq, at: record.at, ref: record.ref, ...read }, { seq: i, at: at(i), ref: ref(i), ...fields });
  });
});

test("values too wide for the narrow columns read back as themselves", () => {
  const strings = new Interner();
  const table = new LineTable(strings);
  const closure = table.closures.record(table.closure(2 ** 33, 1_772_409_600_000.5, 2 ** 32 + 1, strings.code("f"), strings.code("s"), 1.5));
  const creation = table.creationAt(table.creation(2 ** 33 + 1, -0, 3, strings.code("f"), null, 0));
  const end = table.endAt(table.end("closed", 2 ** 33 + 2, 40 * 86_400_000, 4, strings.code("f"), 0));
  assert.deepEqual([closure.seq, closure.at, closure.ref.line, closure.elapsedMs], [2 ** 33, 1_772_409_600_000.5, 2 ** 32 + 1, 1.5]);
  assert.deepEqual([creation.seq, creation.activeSessions], [2 ** 33 + 1, null]);
  assert.ok(Object.is(creation.at, -0));
  assert.deepEqual([end.seq, end.at, end.kind], [2 ** 33 + 2, 40 * 86_400_000, "closed"]);
});

test("a closure's columns read by row give what its record gives, across blocks and for widened values", () => {
  const strings = new Interner();
  const table = new LineTable(strings);
  const rows = Array.from({ length: 9_000 }, (_, i) =>
    i === 8_500
      ? table.closure(2 ** 33, 1_772_409_600_000.5, 1, strings.code("f"), strings.code("wide"), 1.5)
      : table.closure(i * 2, 1_772_409_600_000 + i, i + 1, strings.code("f"), strings.code(i % 5 === 0 ? null : `s${i % 7}`), i % 3 === 0 ? null : i * 1000),
  );
  for (const row of rows) {
    const record = table.closures.record(row);
    assert.deepEqual(
      [table.closures.seqOf(row), table.closures.atOf(row), table.closures.sessionCodeOf(row), table.closures.elapsedMsOf(row)],
      [record.seq, record.at, record.sessionCode, record.elapsedMs],
    );
  }
});

test("a table of creations and ends keeps their codes in a byte a row; a closure's session id widens its block's, every row read back", () => {
  const strings = new Interner();
  const codeArrays = (table: LineTable) => (table as unknown as { blocks: { code: object }[] }).blocks.map((block) => block.code.constructor);
  const sessions = new LineTable(strings);
  const kinds = ["deleted", "closed", "removed", "restart", "not-found"] as const;
  const rows = Array.from({ length: 5_000 }, (_, i) => (i % 2 === 0 ? sessions.creation(i, 1000 + i, i + 1, 0, i, i) : sessions.end(kinds[i % 5]!, i, 1000 + i, i + 1, 0, i)));
  assert.deepEqual(codeArrays(sessions), [Int8Array, Int8Array]);
  rows.forEach((row, i) => i % 2 === 1 && assert.equal(sessions.endKindOf(row), kinds[i % 5]));

  for (let i = 0; i < 40_000; i++) strings.code(`s${i}`);
  const closures = new LineTable(strings);
  const ids = [null, "s3", "s100", "s200", "s39999", "s3", null, "s5"];
  const closureRows = ids.map((id, i) => closures.closure(i, 1000 + i, i + 1, 0, strings.code(id), null));
  assert.deepEqual(codeArrays(closures), [Int32Array]);
  closureRows.forEach((row, i) => {
    assert.equal(closures.closures.sessionCodeOf(row), strings.code(ids[i]));
    assert.equal(closures.closures.record(row).sessionId, ids[i]);
  });
});

/** The session of line i of filledLines: ordinals past two bytes, 0 now and then. */
const sessionOf = (i: number) => (i % 13 === 0 ? 0 : i * 7);

/** A table of every kind of line over `blocks` blocks, a few values too wide for the narrow columns, and records of early rows made before any spill. */
function filledLines(residentBlocks: number, blocks: number) {
  const strings = new Interner();
  const table = new LineTable(strings, residentBlocks);
  const kinds = ["deleted", "closed", "removed", "restart", "not-found"] as const;
  const rows: { kind: number; row: number }[] = [];
  for (let i = 0; i < blocks * 4096; i++) {
    const seq = i % 9_000 === 5 ? 2 ** 33 + i : 3 * i;
    const at = i % 7_000 === 3 ? 1_772_409_600_000.5 + i : 1_772_409_600_000 + i;
    const file = strings.code(`f${i % 3}`);
    const kind = i % 3;
    if (kind === 0) rows.push({ kind, row: table.closure(seq, at, i + 1, file, strings.code(i % 11 === 0 ? null : `s${i % 301}`), i % 4 === 0 ? null : i % 10_000 === 8 ? 1.5 : i) });
    else if (kind === 1) rows.push({ kind, row: table.creation(seq, at, i + 1, file, i % 5 === 0 ? null : i, sessionOf(i)) });
    else rows.push({ kind, row: table.end(kinds[i % 5]!, seq, at, i + 1, file, sessionOf(i)) });
  }
  const held = rows.slice(0, 50).map(({ kind, row }) => (kind === 0 ? table.closures.record(row) : kind === 1 ? table.creationAt(row) : table.endAt(row)));
  return { table, rows, held };
}

/** Everything a row reads back, in the order given: by the table's readers, then by its record (made now). */
function readLines(table: LineTable, rows: readonly { kind: number; row: number }[], order: readonly number[]): unknown[] {
  return order.map((i) => {
    const { kind, row } = rows[i]!;
    if (kind === 0) {
      const by = table.closures;
      const read = [by.seqOf(row), by.atOf(row), by.sessionCodeOf(row), by.elapsedMsOf(row)];
      const r = table.closures.record(row);
      return [...read, r.seq, r.at, r.ref, r.sessionId, r.sessionCode, r.elapsedMs];
    }
    const read = kind === 1 ? [table.seqOf(row), table.atOf(row), table.sessionLineOf(row)] : [table.seqOf(row), table.atOf(row), table.endKindOf(row), table.sessionLineOf(row)];
    if (kind === 1) {
      const r = table.creationAt(row);
      return [...read, r.seq, r.at, r.ref, r.activeSessions];
    }
    const r = table.endAt(row);
    return [...read, r.seq, r.at, r.ref, r.kind];
  });
}

test("a table over its resident bound spills blocks and reads back every row, through records made before the spill too", () => {
  const kept = filledLines(Infinity, 10);
  const spilling = filledLines(2, 10);
  assert.equal(kept.table.spilledBlocks, 0);
  assert.ok(spilling.table.spilledBlocks >= 7, `${spilling.table.spilledBlocks} blocks spilled`);
  // Backwards, then striding across blocks: every read of a spilled block reads it back first.
  const n = kept.rows.length;
  const order = [...Array.from({ length: n }, (_, i) => n - 1 - i), ...Array.from({ length: n }, (_, i) => (i * 4099) % n)];
  assert.deepEqual(readLines(spilling.table, spilling.rows, order), readLines(kept.table, kept.rows, order));
  assert.ok(spilling.table.blocksReadBack > 0);
  // Whose line each creation and end is, as added: its session's ordinal, -1 less it for an end; a closure's is none.
  spilling.rows.forEach(({ kind, row }, i) => kind !== 0 && assert.equal(spilling.table.sessionLineOf(row), kind === 1 ? sessionOf(i) : -1 - sessionOf(i)));
  assert.equal(spilling.table.length, 10 * 4096);
  // The records made before their blocks left memory read them back as well.
  const heldReads = (held: typeof kept.held) => held.map((r) => [r.seq, r.at, r.ref, "kind" in r ? r.kind : "activeSessions" in r ? r.activeSessions : [r.sessionId, r.elapsedMs]]);
  spilling.table.closures.seqOf(spilling.rows.at(-1)!.row);
  assert.deepEqual(heldReads(spilling.held), heldReads(kept.held));
});
