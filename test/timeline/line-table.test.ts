import assert from "node:assert/strict";
import { test } from "node:test";
import { Interner } from "../../src/timeline/interner.js";
import { LineTable } from "../../src/timeline/line-table.js";

test("the line records read back what was added, across the table's blocks", () => {
  const table = new LineTable(new Interner());
  const at = (i: number) => 1_772_409_600_000 + i / 4;
  const ref = (i: number) => ({ file: `f${i % 3}`, line: i + 1 });
  const records = Array.from({ length: 10_000 }, (_, i) => {
    switch (i % 4) {
      case 0:
        return { record: table.closure(i, at(i), ref(i), i % 8 === 0 ? null : `s${i}`, i % 3 === 0 ? null : i), fields: { sessionId: i % 8 === 0 ? null : `s${i}`, elapsedMs: i % 3 === 0 ? null : i } };
      case 1:
        return { record: table.creationAt(table.creation(i, at(i), ref(i), i % 3 === 0 ? null : i)), fields: { activeSessions: i % 3 === 0 ? null : i } };
      case 2:
        return { record: table.endAt(table.end(i % 3 === 0 ? "not-found" : "deleted", i, at(i), ref(i), null)), fields: { kind: i % 3 === 0 ? "not-found" : "deleted" } };
      default:
        return { record: table.sample(i, at(i), ref(i), i, i % 3 === 0 ? "counted" : "logged"), fields: { active: i, source: i % 3 === 0 ? "counted" : "logged" } };
    }
  });
  records.forEach(({ record, fields }, i) => {
    const read = Object.fromEntries(Object.keys(fields).map((key) => [key, (record as unknown as Record<string, unknown>)[key]]));
    assert.deepEqual({ seq: record.seq, at: record.at, ref: record.ref, ...read }, { seq: i, at: at(i), ref: ref(i), ...fields });
  });
});

test("values too wide for the narrow columns read back as themselves", () => {
  const table = new LineTable(new Interner());
  const closure = table.closure(2 ** 33, 1_772_409_600_000.5, { file: "f", line: 2 ** 32 + 1 }, "s", 1.5);
  const creation = table.creationAt(table.creation(2 ** 33 + 1, -0, { file: "f", line: 3 }, null));
  const sample = table.sample(2 ** 33 + 2, 40 * 86_400_000, { file: "f", line: 4 }, 2 ** 40, "counted");
  assert.deepEqual([closure.seq, closure.at, closure.ref.line, closure.elapsedMs], [2 ** 33, 1_772_409_600_000.5, 2 ** 32 + 1, 1.5]);
  assert.deepEqual([creation.seq, creation.activeSessions], [2 ** 33 + 1, null]);
  assert.ok(Object.is(creation.at, -0));
  assert.deepEqual([sample.at, sample.active, sample.source], [40 * 86_400_000, 2 ** 40, "counted"]);
});

test("a line's logged count of active sessions reads back as a sample on the line's own row", () => {
  const table = new LineTable(new Interner());
  const creation = table.creation(1, 1000, { file: "f", line: 2 }, 7);
  const end = table.end("closed", 2, 1001, { file: "f", line: 3 }, 6);
  const count = table.count(3, 1002, { file: "f", line: 4 }, Number.NaN);
  const samples = [creation, end, count].map((row) => table.countAt(row));
  assert.deepEqual(
    samples.map((s) => [s.seq, s.at, s.ref.line, s.active, s.source]),
    [
      [1, 1000, 2, 7, "logged"],
      [2, 1001, 3, 6, "logged"],
      [3, 1002, 4, Number.NaN, "logged"],
    ],
  );
  assert.deepEqual([table.creationAt(creation).activeSessions, table.endAt(end).kind], [7, "closed"]);
});
