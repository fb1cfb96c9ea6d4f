import assert from "node:assert/strict";
import { test } from "node:test";
import { NULL_CODE } from "../../src/timeline/interner.js";
import { RequestTable } from "../../src/timeline/records.js";
import { RowList } from "../../src/timeline/request-list.js";

test("a request and its response read back what was added, narrow values or not, across blocks", () => {
  const table = new RequestTable();
  const wide = (i: number) => i % 1000 === 999;
  const at = (i: number) => (wide(i) ? 1_772_409_600_000 + i / 4 : 1_772_409_600_000 + i);
  const seq = (i: number) => (wide(i) ? 2 ** 33 + i : i * 2);
  const line = (i: number) => (wide(i) ? 2 ** 32 + i : i + 1);
  const status = (i: number) => (i % 7 === 0 ? null : wide(i) ? 70_000.5 : 200 + (i % 300));
  const kind = (i: number) => (i % 3 === 0 ? null : i % 3 === 1);
  const rows = Array.from({ length: 40_000 }, (_, i) => {
    const client = table.strings.code(`client ${i % 5}`);
    const session = i % 4 === 0 ? NULL_CODE : table.strings.code(`s${i % 300}`);
    const code = (value: string | null) => table.strings.code(value);
    const request = table.record(table.add(seq(i), at(i), line(i), code(`f${i % 2}`), client, code(i % 2 ? "POST" : "GET"), code(i % 5 ? "tools/call" : null), session, kind(i), i, code(i % 9 ? null : "b")));
    if (i % 5 !== 4) request.answer(seq(i) + 1, at(i) + (wide(i) ? 0.5 : 3), line(i) + 1, code("f0"), session, status(i), code(i % 11 ? null : "c"));
    return request;
  });
  const responses = table.responseCursor();
  rows.forEach((r, i) => {
    const answered = i % 5 !== 4;
    assert.deepEqual(
      [r.seq, r.at, r.ref, r.line, r.fileCode, r.clientKey, r.httpMethod, r.rpcMethod, r.isInitialize, r.batch, r.instance, r.hasResponse, r.responseSeq, r.responseStatus],
      [seq(i), at(i), { file: `f${i % 2}`, line: line(i) }, line(i), table.strings.code(`f${i % 2}`), `client ${i % 5}`, i % 2 ? "POST" : "GET", i % 5 ? "tools/call" : null, kind(i), i, i % 9 ? null : "b", answered, answered ? seq(i) + 1 : -1, answered ? status(i) : null],
      `request ${i}`,
    );
    // The methods' numbers name the methods' strings.
    assert.deepEqual([table.strings.string(r.httpMethodCode), table.strings.string(r.rpcMethodCode)], [r.httpMethod, r.rpcMethod], `methods ${i}`);
    const response = r.response;
    if (!answered) return assert.equal(response, null);
    const read = (s: NonNullable<typeof response>) => [s.seq, s.at, s.ref, s.line, s.fileCode, s.status, s.instance, s.sessionId];
    assert.deepEqual(read(response!), [seq(i) + 1, at(i) + (wide(i) ? 0.5 : 3), { file: "f0", line: line(i) + 1 }, line(i) + 1, table.strings.code("f0"), status(i), i % 11 ? null : "c", i % 4 === 0 ? null : `s${i % 300}`]);
    // The cursor, moved from row to row, reads what the record made for the row reads.
    assert.deepEqual(read(responses.moveTo(r.row)), read(response!), `response ${i}`);
  });
});

test("an inferred initialize reads as one, inferred", () => {
  const table = new RequestTable();
  const request = table.record(table.add(0, 0, 1, table.strings.code("f"), table.strings.code("c"), table.strings.code("POST"), NULL_CODE, NULL_CODE, null, 0, NULL_CODE));
  assert.deepEqual([request.isInitialize, request.initializeInferred], [null, false]);
  request.inferInitialize();
  assert.deepEqual([request.isInitialize, request.initializeInferred], [true, true]);
});

test("rows are read by their number, by records made anew, by a cursor and by lists of them, across blocks", () => {
  const table = new RequestTable();
  const client = table.strings.code("c");
  for (let i = 0; i < 40_000; i++) table.add(3 * i, 1000 + i, i + 1, table.strings.code("f"), client, table.strings.code(i % 3 ? "POST" : "GET"), NULL_CODE, i % 2 ? NULL_CODE : table.strings.code(`s${i}`), null, 0, NULL_CODE);
  table.record(20_000).answer(60_001, 21_001, 20_002, table.strings.code("f"), NULL_CODE, 200, NULL_CODE);
  assert.equal(table.length, 40_000);
  const cursor = table.cursor();
  for (const row of [0, 16_383, 16_384, 39_999]) {
    const record = table.record(row);
    assert.deepEqual([record.row, record.seq, record.at, table.seqOf(row), table.atOf(row)], [row, 3 * row, 1000 + row, 3 * row, 1000 + row]);
    assert.deepEqual([cursor.moveTo(row).row, cursor.seq, cursor.ref], [row, 3 * row, { file: "f", line: row + 1 }]);
    assert.deepEqual([table.sessionCodeOf(row), table.clientCodeOf(row), table.isGetOf(row)], [row % 2 ? NULL_CODE : table.strings.code(`s${row}`), client, row % 3 === 0]);
  }
  assert.deepEqual([table.hasResponseOf(20_000), table.responseSeqOf(20_000), table.hasResponseOf(20_001), table.responseSeqOf(20_001)], [true, 60_001, false, -1]);
  const all = new RowList(table, null, 0, table.length);
  const picked = new RowList(table, Int32Array.from([5, 16_390, 30_000, 7]), 1, 3);
  assert.deepEqual([all.length, all.at(16_384)!.seq, all.at(-1)!.seq, all.at(40_000)], [40_000, 3 * 16_384, 3 * 39_999, undefined]);
  assert.deepEqual([...picked].map((r) => r.seq), [3 * 16_390, 3 * 30_000, 21]);
  assert.deepEqual([...picked.slice(1, 3)].map((r) => r.row), [30_000, 7]);
});

test("a response's line takes no column while it is its request's line moved by the log positions between them, or one line holds both", () => {
  const pino = (i: number) => [2 * i, i + 1, 2 * i + 1, i + 1] as const;
  const events = (i: number) => [3 * i, 3 * i + 5, 3 * i + 2, 3 * i + 7] as const;
  for (const exchange of [pino, events]) {
    const table = new RequestTable();
    const code = (value: string) => table.strings.code(value);
    for (let i = 0; i < 20_000; i++) {
      const [seq, line, responseSeq, responseLine] = exchange(i);
      table.record(table.add(seq, 1000 + i, line, code("f"), code("c"), code("POST"), NULL_CODE, NULL_CODE, null, 0, NULL_CODE)).answer(responseSeq, 1001 + i, responseLine, code("f"), NULL_CODE, 200, NULL_CODE);
    }
    const blocks = (table as unknown as { blocks: { responseLine: { column: unknown } }[] }).blocks;
    assert.deepEqual(blocks.map((block) => block.responseLine.column), [null, null]);
    const responses = table.responseCursor();
    for (let i = 0; i < 20_000; i++) assert.equal(responses.moveTo(i).line, exchange(i)[3]);
  }
});

test("a request and its response give their instance's number and whether the request is a DELETE, as the strings they stand for", () => {
  const table = new RequestTable();
  const code = (value: string | null) => table.strings.code(value);
  const methods = ["DELETE", "POST", "GET", null, "delete"];
  const instance = (i: number) => (i % 3 === 0 ? null : `i${i % 4}`);
  const rows = Array.from({ length: 20_000 }, (_, i) => {
    const row = table.add(i * 2, 1_772_409_600_000 + i, i + 1, code("f"), code("c"), code(methods[i % methods.length]!), NULL_CODE, code(`s${i % 50}`), false, 0, code(instance(i)));
    table.record(row).answer(i * 2 + 1, 1_772_409_600_001 + i, i + 2, code("f"), NULL_CODE, 200, code(instance(i + 1)));
    return row;
  });
  const responses = table.responseCursor();
  for (const row of rows) {
    const request = table.record(row);
    assert.deepEqual([request.isDelete, request.instanceCode], [request.httpMethod === "DELETE", code(request.instance)], `request ${row}`);
    assert.equal(responses.moveTo(row).instanceCode, code(responses.instance), `response ${row}`);
  }
});
