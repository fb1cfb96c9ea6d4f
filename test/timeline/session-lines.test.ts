import assert from "node:assert/strict";
import { test } from "node:test";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { LineTable } from "../../src/timeline/line-table.js";
import type { LoggedSession, SessionTable } from "../../src/timeline/logged-session.js";
import type { RecordList, Timeline } from "../../src/timeline/model.js";
import { narrateTimeline } from "../../src/timeline/narrate.js";
import { SessionLines } from "../../src/timeline/session-lines.js";
import { timelineOf, unfrozenTimelineOf } from "../support/analyzer-tester.js";
import { call, closed, created, initialize, started } from "../support/log-lines.js";

/** Each line SessionLines tells, in its order: [session id, "created" or "ended", log position, time]. */
function told(timeline: Timeline): [string, string, number, number][] {
  const sessions = timeline.sessions as RecordList<LoggedSession>;
  const lines = new SessionLines(sessions);
  const out: [string, string, number, number][] = [];
  for (; lines.seq !== Infinity; lines.next()) out.push([sessions.at(lines.session)!.id, lines.isEnd ? "ended" : "created", lines.seq, lines.at]);
  return out;
}

/** The same lines gathered from every session and sorted (a creation first at an equal position, then by session): what SessionLines spares. */
function sorted(timeline: Timeline): [string, string, number, number][] {
  const lines: [string, string, number, number, number][] = [];
  const sessions = timeline.sessions as RecordList<LoggedSession>;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions.at(i)!;
    if (s.created) lines.push([s.id, "created", s.created.seq, s.created.at, i]);
    if (s.end && s.end.kind !== "restart") lines.push([s.id, "ended", s.end.seq, s.end.at, sessions.length + i]);
  }
  return lines.sort((a, b) => a[2] - b[2] || a[4] - b[4]).map(([id, kind, seq, at]) => [id, kind, seq, at]);
}

test("sessions created and ended out of the order they were first seen are told in log order", async () => {
  const lines = [
    ...call(0, "A"), // A first seen here, created later
    ...call(1, "B"), // B too
    created(2, "C"),
    created(3, "B"),
    created(4, "A"),
    closed(5, "A"),
    closed(6, "C"),
    ...call(7, "B"),
    closed(8, "B"),
  ];
  const timeline = await timelineOf(lines);
  assert.deepEqual(Array.from(timeline.sessions, (s) => s.id), ["A", "B", "C"], "the order first seen");
  const kinds = told(timeline).map(([id, kind]) => `${id} ${kind}`);
  assert.deepEqual(kinds, ["C created", "B created", "A created", "A ended", "C ended", "B ended"]);
  assert.deepEqual(told(timeline), sorted(timeline));
});

test("lines that are no session's creation or end are not told: a second session_created, a second session_closed, the ends a restart made", async () => {
  const lines = [
    started(0, 1),
    created(1, "A"), // replaced by A's next session_created
    created(2, "A"),
    created(3, "B"),
    closed(4, "A"),
    closed(5, "A"), // A had ended: no end of its own
    created(6, "C"),
    started(7, 2), // a restart: B's and C's ends are the restart's, told as the restart
  ];
  const timeline = await timelineOf(lines);
  assert.deepEqual(
    Array.from(timeline.sessions, (s) => [s.id, s.end?.kind]),
    [["A", "closed"], ["B", "restart"], ["C", "restart"]],
  );
  assert.deepEqual(told(timeline), [
    ["A", "created", 2, Date.parse("2026-02-27T08:00:02Z")],
    ["B", "created", 3, Date.parse("2026-02-27T08:00:03Z")],
    ["A", "ended", 4, Date.parse("2026-02-27T08:00:04Z")],
    ["C", "created", 6, Date.parse("2026-02-27T08:00:06Z")],
  ]);
  const narrated = narrateTimeline(timeline).entries.map((e) => `${e.type}@${"ref" in e ? e.ref.line : ""}`);
  assert.deepEqual(narrated, ["session-created@3", "session-created@4", "session-ended@5", "session-created@7", "server-restart@8"]);
});

test("a filtered timeline's sessions tell their own lines only", async () => {
  const lines = [...initialize(0, "A", 1, { ua: "a/1" }), ...initialize(1, "B", 2, { ua: "b/1" }), closed(2, "B"), ...call(3, "A", { ua: "a/1" }), closed(4, "A")];
  const timeline = await timelineOf(lines);
  const filtered = filterTimeline(timeline, { client: "b/1", session: null });
  assert.deepEqual(told(filtered).map(([id, kind]) => `${id} ${kind}`), ["B created", "B ended"]);
  assert.deepEqual(told(timeline).map(([id, kind]) => `${id} ${kind}`), ["A created", "B created", "B ended", "A ended"]);
});

test("the sessions' line table is read once, in row order, however few of its blocks stay in memory", async () => {
  // 7,000 sessions one after the other, each created, used and closed, and one alive throughout:
  // some 14,000 lines, four blocks of the line table, of which two stay in memory.
  const lines = [...initialize(0, "long", 1)];
  for (let i = 0; i < 7_000; i++) lines.push(...initialize(1 + i, `s${i}`, 2), ...call(1.5 + i, `s${i}`), closed(1.9 + i, `s${i}`));
  lines.push(closed(8_000, "long"));
  const bound = LineTable.residentBlocks;
  LineTable.residentBlocks = 2;
  const timeline = await unfrozenTimelineOf(lines).finally(() => (LineTable.residentBlocks = bound));
  const table = timeline.sessions as SessionTable;
  assert.ok(table.lines.spilledBlocks >= 2, `${table.lines.spilledBlocks} blocks of lines out of memory`);
  const before = table.lines.blocksReadBack;
  const spilled = table.lines.spilledBlocks;
  const tracked = new SessionLines(table);
  let count = 0;
  for (; tracked.seq !== Infinity; tracked.next()) count++;
  assert.equal(count, 2 * 7_001);
  // Every block out of memory is read back, none twice (a block read back may push out one not yet read: that one is read once too).
  const blocks = Math.ceil(table.lines.length / 4096);
  const read = table.lines.blocksReadBack - before;
  assert.ok(read >= spilled && read <= blocks - 1, `${read} blocks read back of ${blocks}, ${spilled} out of memory`);
  assert.deepEqual(told(timeline), sorted(timeline));
});
