import assert from "node:assert/strict";
import { test } from "node:test";
import type { RowList } from "../../src/timeline/request-list.js";
import { groupRowsBySession } from "../../src/timeline/group-by-session.js";
import { Int32Column } from "../../src/timeline/int-column.js";
import { Interner, NULL_CODE } from "../../src/timeline/interner.js";
import { LineTable } from "../../src/timeline/line-table.js";
import { SessionTable, SINGLES_PER_BLOCK } from "../../src/timeline/logged-session.js";
import { RequestTable } from "../../src/timeline/records.js";

test("sessions read back their start, owner, instance, creation and end, across blocks", () => {
  const requests = new RequestTable();
  const strings: Interner = requests.strings;
  const lines = new LineTable(strings);
  const table = new SessionTable(requests, lines, lines);
  const start = (i: number) => ({ seq: i % 50 === 0 ? 2 ** 32 + i : 3 * i, at: 1_772_409_600_000 + (i % 70 === 0 ? 0.5 : i), ref: { file: `f${i % 2}`, line: i + 1 } });
  const sessions = Array.from({ length: 10_000 }, (_, i) => {
    const { seq, at, ref } = start(i);
    const session = table.add(strings.code(`s${i}`), seq, at, ref.line, strings.code(ref.file));
    if (i % 3 === 0) session.noteCreated(lines.creation(seq + 1, at + 1, i + 2, strings.code("f0"), i % 6 === 0 ? null : i, i));
    if (i % 4 === 0) session.noteEnd(lines.end(i % 8 === 0 ? "deleted" : "restart", seq + 2, at + 2, i + 3, strings.code("f1"), i));
    if (i % 5 === 0) session.settleOn(`instance ${i % 2}`);
    if (i % 7 === 0) session.ownedBy(requests.record(requests.add(seq, at, ref.line, strings.code(ref.file), strings.code(`client ${i % 3}`), strings.code("POST"), NULL_CODE, NULL_CODE, true, 0, NULL_CODE)));
    return session;
  });
  sessions.forEach((session, i) => {
    const { seq, at, ref } = start(i);
    assert.deepEqual(
      [session.id, session.ordinal, session.startSeq, session.startAt, session.startRef, session.owned, session.owner, session.ownerCode, session.instance, session.ended],
      [`s${i}`, i, seq, at, ref, i % 7 === 0, i % 7 === 0 ? `client ${i % 3}` : null, i % 7 === 0 ? strings.code(`client ${i % 3}`) : NULL_CODE, i % 5 === 0 ? `instance ${i % 2}` : null, i % 4 === 0],
    );
    const created = session.created;
    assert.deepEqual(created && [created.seq, created.at, created.ref, created.activeSessions], i % 3 === 0 ? [seq + 1, at + 1, { file: "f0", line: i + 2 }, i % 6 === 0 ? null : i] : null);
    const end = session.end;
    assert.deepEqual(end && [end.kind, end.seq, end.at, end.ref], i % 4 === 0 ? [i % 8 === 0 ? "deleted" : "restart", seq + 2, at + 2, { file: "f1", line: i + 3 }] : null);
    assert.deepEqual([session.endKind, session.endSeq, end && session.endAt], end ? [end.kind, end.seq, end.at] : [null, Infinity, null]);
    assert.deepEqual([session.creationSeq, created && session.creationAt], created ? [created.seq, created.at] : [Infinity, null]);
    assert.equal(session.hasCreation, created !== null);
  });
});

test("a session's start moves to its initialize, found later", () => {
  const requests = new RequestTable();
  const { strings } = requests;
  const session = new SessionTable(requests, new LineTable(strings), new LineTable(strings)).add(strings.code("s"), 10, 1000, 11, strings.code("f"));
  session.moveStart(4, 990, 5, strings.code("g"));
  assert.deepEqual([session.startSeq, session.startAt, session.startRef], [4, 990, { file: "g", line: 5 }]);
});

test("a session reads its stream closures, noted one by one, their count and first as they come", () => {
  const requests = new RequestTable();
  const { strings } = requests;
  const lines = new LineTable(requests.strings);
  const closureLines = new LineTable(requests.strings);
  const table = new SessionTable(requests, lines, closureLines);
  const [a, b, c] = ["a", "b", "c"].map((id, i) => table.add(strings.code(id), i, 1000 + i, i + 1, strings.code("f")));
  assert.deepEqual([[...a!.streamClosures], a!.firstStreamClosureSeq], [[], Infinity]);
  // Lines of other kinds between the closures, in the other table: a closure's row is its row of the closures' table.
  for (const i of [0, 1, 2]) {
    lines.creation(i, 1000 + i, i + 1, strings.code("f"), null, i);
    assert.equal(closureLines.closure(10 + i, 2000 + i, 11 + i, strings.code("f"), strings.code(i === 1 ? "c" : "a"), i), i);
    table.noteClosure(i === 1 ? 2 : 0, i);
    // Known from the first on: the classification's sweep reads it behind the walk.
    if (i === 0) assert.deepEqual([a!.firstStreamClosureSeq, a!.streamClosures.length, c!.firstStreamClosureSeq], [10, 1, Infinity]);
  }
  assert.deepEqual([a, b, c].map((s) => [...s!.streamClosures].map((closure) => closure.seq)), [[10, 12], [], [11]]);
  // Counted without finding the rows; found when one is read, by index or through a slice.
  assert.deepEqual([a, b, c].map((s) => s!.streamClosures.length), [2, 0, 1]);
  assert.deepEqual([a!.streamClosures.at(-1)?.seq, a!.streamClosures.slice(1, 2).at(0)?.seq, [...a!.streamClosures.slice(0, 1)].map((closure) => closure.seq)], [12, 12, [10]]);
  assert.deepEqual([a, b, c].map((s) => s!.firstStreamClosure?.seq ?? null), [10, null, 11]);
  assert.deepEqual([a, b, c].map((s) => s!.firstStreamClosureSeq), [10, Infinity, 11]);
});

test("a session reads its requests (rows of every session's, side by side) once given, and its initialize by its row", () => {
  const requests = new RequestTable();
  const strings = requests.strings;
  for (let i = 0; i < 6; i++) requests.add(10 * i, 1000 + i, i + 1, strings.code("f"), strings.code("c"), strings.code("POST"), NULL_CODE, NULL_CODE, null, 0, NULL_CODE);
  const table = new SessionTable(requests, new LineTable(strings), new LineTable(strings));
  const [a, b, c] = ["a", "b", "c"].map((id, i) => table.add(strings.code(id), i, 1000 + i, i + 1, strings.code("f")));
  assert.deepEqual([a!.requests.length, a!.requestCount, a!.lastRequestSeq, a!.createdBy, a!.createdByRow], [0, 0, -1, null, -1]);
  b!.noteCreatedBy(0);
  const sessionOf = new Int32Column();
  for (const ordinal of [-1, 2, 0, 2, -1, 0]) sessionOf.push(ordinal);
  table.holdRequests(groupRowsBySession(sessionOf, 3));
  assert.deepEqual([a, b, c].map((s) => [...s!.requests].map((r) => r.seq)), [[20, 50], [], [10, 30]]);
  assert.deepEqual([a, b, c].map((s) => [s!.requestCount, s!.lastRequestSeq]), [[2, 50], [0, -1], [2, 30]]);
  // Their rows read in place, as the passes over every session read them.
  assert.deepEqual([a, b, c].map((s) => Array.from({ length: s!.requestCount }, (_, i) => s!.requestRows.get(s!.requestsFrom + i))), [[2, 5], [], [1, 3]]);
  assert.equal(a!.requestTable, requests);
  assert.deepEqual([b!.createdBy?.seq, b!.createdByRow, b!.createdByAt], [0, 0, 1000]);
});

test("a session's requests read far apart rows by index, from the end and sliced", () => {
  const requests = new RequestTable();
  const strings = requests.strings;
  // Session a's rows are every 3rd of the first 300, then every 10,000th: its groups of eight there spread over 65,536 and more.
  const ordinals: number[] = [];
  for (let i = 0; i < 90_000; i++) ordinals.push((i % 3 === 0 && i < 300) || i % 10_000 === 0 ? 0 : i % 7 === 1 ? 1 : -1);
  for (let i = 0; i < ordinals.length; i++) requests.add(i, 1000 + i, i + 1, strings.code("f"), strings.code("c"), strings.code("POST"), NULL_CODE, NULL_CODE, null, 0, NULL_CODE);
  const table = new SessionTable(requests, new LineTable(strings), new LineTable(strings));
  const [a, b] = ["a", "b"].map((id, i) => table.add(strings.code(id), i, 1000 + i, i + 1, strings.code("f")));
  const sessionOf = new Int32Column();
  for (const ordinal of ordinals) sessionOf.push(ordinal);
  table.holdRequests(groupRowsBySession(sessionOf, 2));
  const seqsOf = (ordinal: number) => ordinals.flatMap((o, i) => (o === ordinal ? [i] : []));
  assert.deepEqual([...a!.requests].map((r) => r.seq), seqsOf(0));
  assert.deepEqual([...b!.requests].map((r) => r.seq), seqsOf(1));
  assert.ok((a!.requestRows as unknown as { blocks: { rows: { wideCount: number } }[] }).blocks[0]!.rows.wideCount > 0);
  assert.deepEqual([a!.requests.at(-1)!.seq, a!.lastRequestSeq, b!.lastRequestSeq], [80_000, 80_000, seqsOf(1).at(-1)]);
  assert.deepEqual([...(a!.requests as RowList).slice(10, 13)].map((r) => r.seq), [30, 33, 36]);
});

test("the table notes a session's owner by its ordinal, as the session reads it, across blocks", () => {
  const requests = new RequestTable();
  const { strings } = requests;
  const table = new SessionTable(requests, new LineTable(strings), new LineTable(strings));
  const sessions = Array.from({ length: 5000 }, (_, i) => table.add(strings.code(`s${i}`), i, 1000 + i, i + 1, strings.code("f")));
  const client = strings.code("client a");
  for (const ordinal of [1, 4097]) {
    assert.equal(table.ownedAt(ordinal), false);
    table.ownAt(ordinal, client);
    assert.equal(table.ownedAt(ordinal), true);
  }
  assert.deepEqual(
    sessions.map((s, i) => [i, s.owned, s.owner]).filter(([, owned]) => owned),
    [
      [1, true, "client a"],
      [4097, true, "client a"],
    ],
  );
});

test("a session's closures past what a byte or two count, in a later block or not, are all counted", () => {
  const requests = new RequestTable();
  const { strings } = requests;
  const closureLines = new LineTable(strings);
  const table = new SessionTable(requests, new LineTable(strings), closureLines);
  const sessions = Array.from({ length: 4100 }, (_, i) => table.add(strings.code(`s${i}`), i, 1000 + i, i + 1, strings.code("f")));
  for (let i = 0; i < 70_000; i++) {
    const ordinal = i % 3 === 0 ? 4099 : 7;
    table.noteClosure(ordinal, closureLines.closure(5000 + i, 9000 + i, i + 1, strings.code("f"), sessions[ordinal]!.idCode, null));
  }
  assert.deepEqual(
    [7, 4099, 8].map((p) => [sessions[p]!.streamClosures.length, sessions[p]!.firstStreamClosureSeq, sessions[p]!.streamClosures.at(-1)?.seq ?? null]),
    [
      [46_666, 5001, 5000 + 69_998],
      [23_334, 5000, 5000 + 69_999],
      [0, Infinity, null],
    ],
  );
});

test("a session settled on an instance's number reads back the instance settleOn gives it by its string", () => {
  const requests = new RequestTable();
  const strings: Interner = requests.strings;
  const lines = new LineTable(strings);
  const table = new SessionTable(requests, lines, lines);
  const instances = [null, "a", "b", ""];
  for (let i = 0; i < 6_000; i++) {
    const [byCode, byString] = [table.add(strings.code(`x${i}`), i, i, i, NULL_CODE), table.add(strings.code(`y${i}`), i, i, i, NULL_CODE)];
    const instance = instances[i % instances.length]!;
    byCode.settleOnCode(strings.code(instance));
    byString.settleOn(instance);
    assert.deepEqual([byCode.instance, byCode.instance], [byString.instance, instance], `session ${i}`);
  }
});

test("a session's end kind is read from its own row, not the line table's, whose blocks may be out of memory; its end's other fields from the table", () => {
  const requests = new RequestTable();
  const strings: Interner = requests.strings;
  const lines = new LineTable(strings, 2);
  const table = new SessionTable(requests, lines, new LineTable(strings));
  const kinds = ["deleted", "closed", "removed", "restart", "not-found"] as const;
  const sessions = Array.from({ length: 30_000 }, (_, i) => table.add(strings.code(`s${i}`), 3 * i, 1000 + i, i + 1, strings.code("f")));
  // Ended in an order of their own, as sessions end: the ends' rows are not the sessions' order.
  for (let k = 0; k < sessions.length; k++) {
    const i = (k * 7_919) % sessions.length;
    if (i % 3 !== 0) sessions[i]!.noteEnd(lines.end(kinds[i % 5]!, 100_000 + k, 5000 + k, k + 1, strings.code("f"), i));
  }
  assert.ok(lines.spilledBlocks > 0);
  const readBefore = lines.blocksReadBack;
  assert.deepEqual(
    sessions.map((s) => s.endKind),
    sessions.map((_, i) => (i % 3 !== 0 ? kinds[i % 5] : null)),
  );
  assert.equal(lines.blocksReadBack, readBefore, "reading every session's end kind read the line table back");
  assert.deepEqual(
    sessions.slice(0, 40).map((s) => [s.endSeq, s.end?.kind ?? null]),
    sessions.slice(0, 40).map((_, i) => {
      const k = Array.from({ length: sessions.length }, (__, k) => k).find((k) => (k * 7_919) % sessions.length === i)!;
      return i % 3 !== 0 ? [100_000 + k, kinds[i % 5]] : [Infinity, null];
    }),
  );
});

test("the table is the list of its sessions: a new record at each read, each reading its own row, in any order, after others were made", () => {
  const requests = new RequestTable();
  const { strings } = requests;
  const lines = new LineTable(strings);
  const table = new SessionTable(requests, lines, lines);
  // Past a block (4,096 rows): a record finds its block by its ordinal.
  const count = 9_000;
  for (let i = 0; i < count; i++) {
    const session = table.add(strings.code(`s${i}`), 10 * i, 1_772_409_600_000 + i, i + 1, strings.code("f"));
    if (i % 3 === 0) session.noteEnd(lines.end("closed", 10 * i + 5, 1_772_409_600_000 + i + 5, i + 2, strings.code("f"), i));
    if (i % 5 === 0) session.settleOn(`instance ${i % 2}`);
  }
  const expected = (i: number) => [`s${i}`, i, 10 * i, i % 3 === 0 ? 10 * i + 5 : Infinity, i % 5 === 0 ? `instance ${i % 2}` : null];
  const read = (s: { id: string; ordinal: number; startSeq: number; endSeq: number; instance: string | null }) => [s.id, s.ordinal, s.startSeq, s.endSeq, s.instance];
  assert.equal(table.length, count);
  // Records made first and read after many others were made and read, from both ends and both blocks.
  const early = [table.at(8_999)!, table.at(0)!, table.at(4_096)!, table.at(4_095)!, table.at(-1)!, table.at(-count)!];
  const order = Array.from({ length: count }, (_, i) => (i * 7_919) % count);
  for (const i of order) assert.deepEqual(read(table.at(i)!), expected(i));
  assert.deepEqual(early.map(read), [8_999, 0, 4_096, 4_095, 8_999, 0].map(expected));
  assert.notEqual(table.at(3), table.at(3));
  assert.deepEqual([table.at(count), table.at(-count - 1)], [undefined, undefined]);
  assert.deepEqual([...table].map(read), Array.from({ length: count }, (_, i) => expected(i)));
  assert.deepEqual(read(table.sessionAt(5_000)), expected(5_000));
});

test("a session's row keeps where it lives, whether a DELETE asked to end it and its end's kind apart: its instance reads null until settled", () => {
  const requests = new RequestTable();
  const strings: Interner = requests.strings;
  const lines = new LineTable(strings);
  const table = new SessionTable(requests, lines, new LineTable(strings));
  const kinds = ["deleted", "closed", "removed", "restart", "not-found"] as const;
  // Past 32,767 strings, so that an instance's number widens its block's column (put).
  for (let i = 0; i < 40_000; i++) strings.code(`filler ${i}`);
  const homes = [NULL_CODE, strings.code("first seen a"), strings.code("first seen b"), strings.code(`wide ${40_000}`)];
  const settled = [strings.code("made on c"), NULL_CODE];
  const sessions = Array.from({ length: 9_000 }, (_, i) => table.add(strings.code(`s${i}`), i, 1000 + i, i + 1, strings.code("f"), homes[i % homes.length]));
  sessions.forEach((session, i) => {
    if (i % 3 === 0) session.noteDeleteAsked();
    if (i % 5 === 0) session.noteEnd(lines.end(kinds[i % kinds.length]!, i + 1, 1001 + i, i + 2, strings.code("f"), i));
    if (i % 7 === 0) session.settleOnCode(settled[i % 2]!);
  });
  for (let i = 0; i < sessions.length; i++) {
    const session = table.at(i)!;
    const isSettled = i % 7 === 0;
    const home = isSettled ? settled[i % 2]! : homes[i % homes.length]!;
    assert.deepEqual(
      [session.homeCode, session.instanceCode, session.instance, session.deleteAsked, session.endKind],
      [home, isSettled ? home : NULL_CODE, isSettled ? strings.string(home) : null, i % 3 === 0, i % 5 === 0 ? kinds[i % kinds.length] : null],
      `session ${i}`,
    );
  }
});

/**
 * The same writes, in the same order, to a table keeping `residentBlocks` blocks' stored columns
 * in memory: sessions over five blocks, then each written again in an order of their own (a
 * block read back, written, dropped again), then what every session reads, in another order.
 */
function writtenAndRead(residentBlocks: number, lifeSlots = SessionTable.lifeSlots, walkDone = false) {
  const requests = new RequestTable();
  const strings: Interner = requests.strings;
  const lines = new LineTable(strings);
  const closureLines = new LineTable(strings);
  const slots = SessionTable.lifeSlots;
  SessionTable.lifeSlots = lifeSlots;
  const table = new SessionTable(requests, lines, closureLines, residentBlocks);
  SessionTable.lifeSlots = slots;
  const count = 5 * 4_096 - 7;
  for (let i = 0; i < count; i++) table.add(strings.code(`s${i}`), 3 * i, 1_772_409_600_000 + i, i + 1, strings.code(`f${i % 2}`), i % 4 === 0 ? strings.code("first seen") : NULL_CODE);
  const initialize = requests.add(0, 1_772_409_600_000, 1, strings.code("f0"), strings.code("client"), strings.code("POST"), NULL_CODE, NULL_CODE, true, 0, NULL_CODE);
  // Block by block in an order of their own, each block's sessions scattered: every block is read back a few times, not at every
  // session, which past 32 reads a block would keep them all in memory (block-store.ts) and test nothing.
  const scattered = (blocks: number[], step: number) => blocks.flatMap((b) => Array.from({ length: 4_096 }, (_, k) => b * 4_096 + ((k * step) % 4_096)).filter((i) => i < count));
  // One pass a kind of write: a block read back and written by one writer alone is kept only if that writer marks it written.
  const writes: ((i: number) => void)[] = [
    (i) => i % 3 === 0 && table.sessionAt(i).noteCreated(lines.creation(3 * i + 1, 1_772_409_600_001 + i, i + 2, strings.code("f0"), i, i)),
    (i) => i % 5 === 0 && table.sessionAt(i).noteEnd(lines.end(i % 10 === 0 ? "deleted" : "closed", 3 * i + 2, 1_772_409_600_002 + i, i + 3, strings.code("f1"), i)),
    (i) => i % 6 === 0 && table.sessionAt(i).settleOn(`instance ${i % 4}`),
    (i) => i % 7 === 0 && table.ownAt(i, strings.code(`client ${i % 3}`)),
    (i) => i % 8 === 0 && table.sessionAt(i).noteCreatedBy(initialize),
    (i) => i % 9 === 0 && table.sessionAt(i).moveStart(3 * i - 1, 1_772_409_599_999 + i, i, strings.code("moved")),
    (i) => i % 11 === 0 && table.sessionAt(i).noteDeleteAsked(),
    (i) => i % 17 === 0 && table.sessionAt(i).ownedBy(requests.record(initialize)),
    (i) => i % 13 === 0 && table.noteClosure(i, closureLines.closure(3 * i + 1, 1_772_409_600_001 + i, i + 2, strings.code("f0"), table.sessionAt(i).idCode, null)),
  ];
  for (const write of writes) for (const i of scattered([3, 0, 4, 1, 2], 1_999)) write(i);
  if (walkDone) table.holdRequests(groupRowsBySession({ length: 0, at: () => -1 }, table.length));
  const read = scattered([2, 4, 0, 3, 1], 2_003).map((i) => {
    const s = table.sessionAt(i);
    return [s.id, s.startSeq, s.startAt, s.startRef, s.created?.ref ?? null, s.creationSeq, s.endKind, s.endSeq, s.instance, s.homeCode, s.owner, s.owned, s.createdByRow, s.deleteAsked, s.streamClosures.length, s.firstStreamClosureSeq];
  });
  return { read, table };
}

test("sessions read back what was written to them whatever number of blocks stays in memory: their stored columns leave it and come back, written or not", () => {
  const kept = writtenAndRead(Infinity);
  const spilling = writtenAndRead(2);
  assert.equal(kept.table.spilledBlocks, 0);
  assert.ok(spilling.table.spilledBlocks >= 2, `${spilling.table.spilledBlocks} blocks spilled`);
  assert.ok(spilling.table.blocksReadBack >= 20, `${spilling.table.blocksReadBack} blocks read back`);
  assert.deepEqual(spilling.read, kept.read);
  // With few of the walk's slots (each session's end, marks and closures given back to its block
  // over and over), and once the walk told everything (every slot written to its block).
  assert.deepEqual(writtenAndRead(2, 8).read, kept.read);
  assert.deepEqual(writtenAndRead(2, 8, true).read, kept.read);
  assert.deepEqual(writtenAndRead(Infinity, 32_768, true).read, kept.read);
  // What the test is about happened: every write, and sessions of every block.
  assert.ok(kept.read.some((r) => r[4] !== null) && kept.read.some((r) => r[6] === "deleted") && kept.read.some((r) => r[10] !== null) && kept.read.some((r) => r[12] !== -1) && kept.read.some((r) => r[13] === true) && kept.read.some((r) => r[14] === 1));
});

test("while the walk runs, a session's end, its kind, its DELETE flag and stream closures are read from its slot, or alone from its block's file, a block read back only once many were; once it told everything, from their blocks", () => {
  // With a slot for every session, and with 8: most then read their 16 bytes from the file (readSpilled).
  for (const slots of [SessionTable.lifeSlots, 8]) {
    const { table } = writtenAndRead(2, slots);
    // The sessions the writes touched (an end, a DELETE, a closure, an instance settled), in an order of their own.
    const touched = Array.from({ length: table.length }, (_, k) => (k * 7_919) % table.length).filter((i) => i % 5 === 0 || i % 11 === 0 || i % 13 === 0 || i % 6 === 0);
    const readAll = () => touched.map((i) => table.sessionAt(i)).map((s) => [s.ended, s.endKind, s.endSeq, s.deleteAsked, s.firstStreamClosureSeq]);
    const before = table.blocksReadBack;
    const ends = readAll();
    // Each block read back was read alone SINGLES_PER_BLOCK - 1 times first.
    if (slots === SessionTable.lifeSlots) assert.equal(table.blocksReadBack, before);
    else assert.ok(table.blocksReadBack > before && table.blocksReadBack - before <= touched.length / SINGLES_PER_BLOCK, `${table.blocksReadBack - before} read back for ${touched.length} sessions`);
    assert.ok(ends.some((e) => e[0] === true) && ends.some((e) => e[3] === true) && ends.some((e) => e[4] !== Infinity));
    table.holdRequests(groupRowsBySession({ length: 0, at: () => -1 }, table.length));
    assert.deepEqual(readAll(), ends, `${slots} slots`);
    assert.ok(table.blocksReadBack > before, "the blocks hold them once the walk told everything");
  }
});

test("a block of lives out of memory whose sessions the walk reads one after another is read back whole once SINGLES_PER_BLOCK - 1 were read alone, and not again while it stays", () => {
  const requests = new RequestTable();
  const strings: Interner = requests.strings;
  const slots = SessionTable.lifeSlots;
  SessionTable.lifeSlots = 8;
  const table = new SessionTable(requests, new LineTable(strings), new LineTable(strings), 2);
  SessionTable.lifeSlots = slots;
  // Six blocks of sessions, each session's life written: the last two blocks kept in memory.
  for (let i = 0; i < 6 * 4_096; i++) table.add(strings.code(`s${i}`), i, 1_772_409_600_000 + i, i + 1, strings.code("f"), NULL_CODE).noteDeleteAsked();
  assert.ok(table.spilledBlocks >= 4);
  /** The blocks read back while the first SINGLES_PER_BLOCK - 1 sessions of block `b` are read, then while the rest are. */
  const readBlock = (b: number) => {
    const before = table.blocksReadBack;
    const asked = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => table.sessionAt(b * 4_096 + from + k).deleteAsked);
    assert.ok(asked(0, SINGLES_PER_BLOCK - 1).every(Boolean));
    const alone = table.blocksReadBack - before;
    assert.ok(asked(SINGLES_PER_BLOCK - 1, 4_096).every(Boolean));
    return [alone, table.blocksReadBack - before];
  };
  assert.deepEqual(readBlock(0), [0, 1]);
  // Each session of it written in turn, given back from the slots to its block, in memory now.
  const before = table.blocksReadBack;
  for (let i = 0; i < 4_096; i++) table.noteUsedAfterClosure(i);
  assert.ok(Array.from({ length: 4_096 }, (_, i) => table.sessionAt(i).usedAfterStreamClosed).every(Boolean));
  assert.equal(table.blocksReadBack, before);
  // Out of memory again (two others read back after it): its count started again.
  assert.deepEqual([readBlock(1), readBlock(2), readBlock(0)], [[0, 1], [0, 1], [0, 1]]);
  assert.ok(Array.from({ length: 4_096 }, (_, i) => table.sessionAt(i).usedAfterStreamClosed).every(Boolean));
});
