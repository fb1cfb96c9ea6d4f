import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { countOf, groupRows, groupRowsBySession, NO_ROWS, startOf } from "../../src/timeline/group-by-session.js";
import { Int32Column } from "../../src/timeline/int-column.js";

test("groupRows gives each session its rows in their order, as pushing them one by one does", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 100 }), fc.boolean(), (sessionCount, owners, renumbered) => {
      const sessionOf = new Int32Column();
      const rowOf = new Int32Column();
      const pushed = Array.from({ length: sessionCount }, () => [] as number[]);
      owners.forEach((owner, i) => {
        const session = owner < sessionCount ? owner : -1;
        const row = renumbered ? 3 * i + 1 : i;
        sessionOf.push(session);
        rowOf.push(row);
        if (session >= 0) pushed[session]!.push(row);
      });
      const grouping = groupRowsBySession(sessionOf, sessionCount, renumbered ? rowOf : null);
      const grouped = groupRows(grouping);
      const rowsOf = (s: number) => Array.from({ length: countOf(grouped, s) }, (_, i) => grouped.rows.get(startOf(grouped, s) + i));
      assert.deepEqual(Array.from({ length: sessionCount }, (_, s) => rowsOf(s)), pushed);
      assert.equal(grouped.rows.length, pushed.flat().length);
    }),
  );
});

test("groupRows reads back rows far apart as near ones: a session's rows 65,536 or more apart, and sessions' apart", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: -1, max: 4 }), fc.integer({ min: 1, max: 200_000 })), { maxLength: 120 }), (items) => {
      const sessionOf = new Int32Column();
      const rowOf = new Int32Column();
      const pushed = Array.from({ length: 5 }, () => [] as number[]);
      let row = -1;
      for (const [session, gap] of items) {
        sessionOf.push(session);
        rowOf.push((row += gap));
        if (session >= 0) pushed[session]!.push(row);
      }
      const grouped = groupRows(groupRowsBySession(sessionOf, 5, rowOf));
      assert.deepEqual(
        Array.from({ length: 5 }, (_, s) => Array.from({ length: countOf(grouped, s) }, (_, i) => grouped.rows.get(startOf(grouped, s) + i))),
        pushed,
      );
    }),
  );
});

test("groupRows refuses rows that do not ascend with the items: they would be misread", () => {
  const sessionOf = { length: 3, at: () => 0 };
  const rowOf = { length: 3, at: (i: number) => [9, 5, 7][i]! };
  assert.throws(() => groupRows(groupRowsBySession(sessionOf, 1, rowOf)), /must ascend/);
});

test("groupRows asks each item's session twice (to count, then to place), its row once if it has a session", () => {
  const sessions = [2, -1, 0, 2, 1, -1, 0];
  const asked = { sessions: 0, rows: 0 };
  const sessionOf = { length: sessions.length, at: (i: number) => (asked.sessions++, sessions[i]!) };
  const rowOf = { length: sessions.length, at: (i: number) => (asked.rows++, 10 * i) };
  const grouped = groupRows(groupRowsBySession(sessionOf, 3, rowOf));
  assert.deepEqual([...grouped.rows.toInt32Array()], [20, 60, 40, 0, 30]);
  assert.deepEqual(asked, { sessions: 2 * sessions.length, rows: 5 });
});

test("before the rows are grouped, no session has any", () => {
  assert.deepEqual([countOf(NO_ROWS, 5), startOf(NO_ROWS, 5)], [0, 0]);
});

test("an Int32Column reads back what was pushed across its blocks", () => {
  const column = new Int32Column();
  for (let i = 0; i < 40_000; i++) column.push(i - 7);
  assert.equal(column.length, 40_000);
  for (const i of [0, 16_383, 16_384, 39_999]) assert.equal(column.at(i), i - 7);
});

test("an Int32Column gives its values in one array, across its blocks", () => {
  for (const length of [0, 5, 16_384, 40_000]) {
    const column = new Int32Column();
    for (let i = 0; i < length; i++) column.push(i - 7);
    assert.deepEqual(column.toArray(), Int32Array.from({ length }, (_, i) => i - 7));
  }
});
