import assert from "node:assert/strict";
import { test } from "node:test";
import { ClassifiedColumns, MAX_ALIVE_LISTED, NO_ROW } from "../../src/timeline/classified-columns.js";
import type { Session } from "../../src/timeline/model.js";
import { NamedSessions } from "../../src/timeline/named-sessions.js";
import type { RequestTable } from "../../src/timeline/records.js";

/** A table whose row r was requested at r * 10 ms. */
const table = { atOf: (row: number) => row * 10 } as unknown as RequestTable;
const sessions = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}` }) as Session);

/**
 * Four re-initializes, in log order as the sweep classifies them, past the columns' first room: two
 * far from their previous request, one of them a loss with more sessions alive than two bytes count.
 * A thousand more after them, so that the columns grow and are cut to their length.
 */
function classified(more = 0) {
  const names = new NamedSessions(sessions);
  for (let p = 0; p < 25; p++) names.pushShared(p);
  const columns = new ClassifiedColumns(table);
  columns.addInitialize(5, NO_ROW, "first");
  columns.addLoss(70_000, 69_999, 3, 10);
  columns.addLoss(200_000, 100, 70_000, names.sharedLength);
  columns.addInitialize(300_000, 150_000, "after-end");
  for (let k = 0; k < more; k++) columns.addInitialize(300_001 + k, 300_000 + k, "after-restart");
  return columns.done(names);
}

test("re-initializes read back in log order, far previous requests and wide counts of alive sessions included", () => {
  const list = classified();
  assert.equal(list.length, 4);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => [list.rowAt(i), list.kindAt(i), list.isLossAt(i), list.idleGapAt(i), list.aliveCountAt(i), list.listedAt(i)]),
    [
      [5, "first", false, null, 0, 0],
      [70_000, "loss", true, 10, 3, 3],
      [200_000, "loss", true, (200_000 - 100) * 10, 70_000, MAX_ALIVE_LISTED],
      [300_000, "after-end", false, 150_000 * 10, 0, 0],
    ],
  );
  assert.deepEqual(list.aliveSessionsAt(1), ["s7", "s8", "s9"]);
  assert.deepEqual(list.aliveSessionsAt(2), sessions.slice(5, 25).map((s) => s.id));
});

test("kept re-initializes keep their far previous requests and wide counts, less the named sessions dropped", () => {
  const keptRows = new Uint8Array(200_001);
  keptRows[70_000] = keptRows[200_000] = 1;
  const kept = classified().keep(keptRows, new Set(["s8", "s24", "s23"]));
  assert.deepEqual(
    [0, 1].map((i) => [kept.rowAt(i), kept.kindAt(i), kept.idleGapAt(i), kept.aliveCountAt(i), kept.aliveSessionsAt(i)]),
    [
      [70_000, "loss", 10, 1, ["s8"]],
      [200_000, "loss", (200_000 - 100) * 10, 70_000 - 17, ["s8", "s23", "s24"]],
    ],
  );
});

test("the columns grow past their first room and are cut to what was added", () => {
  const list = classified(3000);
  assert.equal(list.length, 3004);
  assert.deepEqual(
    [1, 2, 3003].map((i) => [list.rowAt(i), list.kindAt(i), list.idleGapAt(i), list.aliveCountAt(i)]),
    [
      [70_000, "loss", 10, 3],
      [200_000, "loss", (200_000 - 100) * 10, 70_000],
      [303_000, "after-restart", 10, 0],
    ],
  );
  assert.deepEqual(list.aliveSessionsAt(2), sessions.slice(5, 25).map((s) => s.id));
});
