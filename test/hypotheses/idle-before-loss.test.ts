import assert from "node:assert/strict";
import { test } from "node:test";
import { IdleBeforeLoss, type ShortestIdle } from "../../src/hypotheses/idle-before-loss.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { Timeline } from "../../src/timeline/model.js";
import type { LoggedRequest } from "../../src/timeline/records.js";
import type { RowList } from "../../src/timeline/request-list.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, closed, created, initialize, request, response, started } from "../support/log-lines.js";
import { lastUseBefore, randomSessionLog } from "../support/random-sessions.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/** Uses of alive sessions mostly, so that a loss's sessions are used again within a small lag after it. */
const MIX = { initialize: 0.25, createdAhead: 0, close: 0.1 };

/**
 * What server-idle-timeout read after the fold: every loss of the timeline's list, in log order,
 * each session it names found by id and its every request before the loss read; of equals, the
 * first loss, then the first session it names.
 */
function shortestSlowly(timeline: Timeline): ShortestIdle | null {
  const byId = new Map([...timeline.sessions].map((s) => [s.id, s]));
  let best: ShortestIdle | null = null;
  for (const loss of timeline.reinitializations) {
    if (loss.kind !== "loss") continue;
    for (const id of loss.aliveSessions) {
      const idleMs = loss.request.at - lastUseBefore(byId.get(id)!, loss.request.seq);
      if (best === null || idleMs < best.idleMs) best = { sessionId: id, idleMs, ref: loss.request.ref };
    }
  }
  return best;
}

const shortestOf = (timeline: Timeline) => timeline.tallies.of(IdleBeforeLoss).shortest();

/** Whether some loss's session was used after the loss and before the sweep could classify it `lag` events behind: what the observer must leave out. */
function usedAfterLossWithin(timeline: Timeline, lag: number): boolean {
  const byId = new Map([...timeline.sessions].map((s) => [s.id, s]));
  return [...timeline.reinitializations].some((loss) => loss.aliveSessions.some((id) => [...byId.get(id)!.requests].some((r) => r.seq > loss.request.seq && r.seq < loss.request.seq + 3 * lag)));
}

test("the shortest idle before a loss, told as the walk goes, is what the timeline's losses read after the fold give, at any lag", async () => {
  let usedAfter = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const lines = randomSessionLog(seed, MIX);
    for (const lag of [1, 2, 5, 40, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      assert.equal(timeline.tallies.lateFacts, 0, `seed ${seed}, lag ${lag}`);
      const slow = shortestSlowly(timeline);
      assert.ok(slow !== null);
      assert.deepEqual(shortestOf(timeline), slow, `seed ${seed}, lag ${lag}`);
      if (usedAfterLossWithin(timeline, lag)) usedAfter++;
    }
  }
  // The logs exercise what they are for: sessions used after a loss while the loss waits for the sweep.
  assert.ok(usedAfter > 20, `${usedAfter}`);
});

test("a filtered timeline's observer answers for its own losses and sessions (--client, --session)", async () => {
  let differs = 0;
  for (let seed = 20; seed < 30; seed++) {
    const timeline = await timelineTrailing(randomSessionLog(seed, MIX), 3);
    const someSession = [...timeline.sessions].find((s) => s.owner?.startsWith("client2"))!.id;
    for (const filter of [
      { client: "client1", session: null },
      { client: null, session: someSession },
      { client: "client0", session: "s" },
    ]) {
      const filtered = filterTimeline(timeline, filter);
      assert.deepEqual(shortestOf(filtered), shortestSlowly(filtered), `seed ${seed}, ${JSON.stringify(filter)}`);
      if (JSON.stringify(shortestOf(filtered)) !== JSON.stringify(shortestOf(timeline))) differs++;
    }
    // The unfiltered timeline's observer is left as it was.
    assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline));
  }
  assert.ok(differs > 10, `${differs}`);
});

test("losses in two files are answered with the file and line of the loss", async () => {
  for (let seed = 40; seed < 46; seed++) {
    // Each line in one of two files, as the merge of two logs hands them over.
    const lines = randomSessionLog(seed, MIX).map((line, i) => ({ ...line, file: i % 3 === 0 ? "b.jsonl" : "a.jsonl" }));
    for (const lag of [2, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline), `seed ${seed}, lag ${lag}`);
    }
  }
});

test("of equal idle times, the first loss's first session is kept; a session used just after the loss is idle since its use before", async () => {
  const lines: Line[] = [
    // Known first from their creation lines: no initialize, no loss yet.
    created(0, "A"),
    created(0, "B"),
    ...call(5, "A"),
    ...call(5, "B"),
    // A loss naming A and B, both idle 5 s, then both used again right away (within the lag).
    ...initialize(10, "C", null),
    ...call(10.5, "A"),
    ...call(10.5, "B"),
    ...call(11, "C"),
    // C idle 5 s: not shorter, so not kept.
    ...initialize(16, "D", null),
  ];
  for (const lag of [1, 2, 3, Infinity]) {
    const timeline = await timelineTrailing(lines, lag);
    assert.deepEqual(shortestOf(timeline), { sessionId: "A", idleMs: 5000, ref: { file: "case.jsonl", line: 7 } }, `lag ${lag}`);
    assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline));
  }
});

test("restarts end sessions before the losses after them, found as the server logs them or its counts show", async () => {
  const lines: Line[] = [
    ...initialize(0, "A", null),
    ...call(2.9, "A"),
    // A is gone: B's initialize loses nothing (A would be idle 0.2 s).
    started(3, 7),
    ...initialize(3.1, "B", null),
    ...call(4, "B"),
    // A loss naming B, idle 6 s.
    ...initialize(10, "C", null),
    ...call(10.1, "C"),
    // The count says B and C are gone: a restart before D's initialize, which loses nothing (C would be idle 0.1 s).
    ...initialize(10.2, "D", 1),
    ...call(12, "D"),
    ...initialize(20, "E", null),
  ];
  for (const lag of [1, 2, 5, Infinity]) {
    const timeline = await timelineTrailing(lines, lag);
    assert.equal(timeline.tallies.lateFacts, 0);
    assert.deepEqual(shortestOf(timeline), { sessionId: "B", idleMs: 6000, ref: { file: "case.jsonl", line: 12 } }, `lag ${lag}`);
    assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline));
  }
});

test("no loss, or a loss whose sessions the filter dropped, has no shortest", async () => {
  assert.equal(shortestOf(await timelineOf([...initialize(0, "A", 1), ...call(100, "A"), closed(101, "A"), ...initialize(110, "B", 1)])), null);
  const timeline = await timelineOf([...initialize(0, "A", null), ...initialize(10, "B", null)]);
  assert.equal(shortestOf(timeline)?.sessionId, "A");
  assert.equal(shortestOf(filterTimeline(timeline, { client: null, session: "B" })), null);
});

test("what waits for the sweep is what its lag holds, however long the log", async () => {
  const lines: Line[] = [...initialize(0, "A", null)];
  for (let i = 1; i < 4000; i++) lines.push(...(i % 400 === 0 ? initialize(i, `S${i}`, null) : call(i, "A")));
  const timeline = await timelineTrailing(lines, 3);
  assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline));
  const waiting = (timeline.tallies.of(IdleBeforeLoss) as unknown as { waiting: { rows: Int32Array } }).waiting;
  assert.equal(waiting.rows.length, 1024);
});

test("an initialize an answer logged later than the lags makes is a late fact: uses after it may count", async () => {
  // X's kind is unknown (no JSON-RPC method) until its answer gives a new id: with a lag of 2, read
  // after X was told (2 lags on) and before the sweep reached it (3 lags on).
  const x = { ...request(2, null, { rpc: null }), is_initialize: null };
  const other = { ua: "other/1.0" };
  const lines: Line[] = [...initialize(0, "A", null), ...call(1, "A"), x, ...call(2.5, "A"), ...initialize(3, "B", null, other), response(4, x, "N"), ...call(5, "B", other)];
  const atEnd = await timelineTrailing(lines, Infinity);
  assert.deepEqual(shortestOf(atEnd), { sessionId: "A", idleMs: 1000, ref: { file: "case.jsonl", line: 6 } });
  assert.deepEqual(shortestOf(atEnd), shortestSlowly(atEnd));
  const trailing = await timelineTrailing(lines, 2);
  assert.ok(trailing.tallies.lateFacts > 0);
  // The timeline lists X as the loss still; its session's use after it was folded when told.
  assert.deepEqual(shortestSlowly(trailing), shortestSlowly(atEnd));
  assert.deepEqual(shortestOf(trailing), { sessionId: "A", idleMs: -500, ref: { file: "case.jsonl", line: 6 } });
});

test("an initialize told and never classified after it does not hold back the uses before the losses after it", async () => {
  for (let seed = 50; seed < 60; seed++) {
    const timeline = await timelineTrailing(randomSessionLog(seed, MIX), 3);
    const all = timeline.requests as RowList;
    // Every request kept, the re-initializes of client1 only told: client0's and client2's initializes wait in vain.
    const keptRows = new Uint8Array(all.length).fill(1);
    const ofClient1 = new Uint8Array(all.length);
    for (const r of all) if (r.clientKey.startsWith("client1")) ofClient1[(r as LoggedRequest).row] = 1;
    const told = reinitializationsOf(timeline).keep(ofClient1, new Set([...timeline.sessions].map((s) => s.id)));
    const byCode = new Map([...timeline.sessions].map((s) => [(s as LoggedSession).idCode, s as LoggedSession]));
    const replayed = timeline.tallies.replay(all, keptRows, (code) => byCode.get(code) ?? null, told);
    assert.deepEqual(replayed.of(IdleBeforeLoss).shortest(), shortestSlowly({ ...timeline, reinitializations: told }), `seed ${seed}`);
  }
});

test("sessions past the first block of latest uses are answered by their own", async () => {
  const lines: Line[] = [];
  // Known first from their creation lines, so no loss before the last initialize; each used once, the
  // later ones longer ago, and one of the newest 20, past the 4,096th, just now.
  for (let i = 0; i < 4100; i++) lines.push(created(i / 1000, `S${i}`), ...call(10 - i / 1000 + (i === 4098 ? 5 : 0), `S${i}`));
  lines.push(...initialize(20, "N", null));
  for (const lag of [7, Infinity]) {
    const timeline = await timelineTrailing(lines, lag);
    assert.deepEqual(shortestOf(timeline), { sessionId: "S4098", idleMs: 5000 + 4098, ref: { file: "case.jsonl", line: 4100 * 3 + 1 } }, `lag ${lag}`);
    assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline));
  }
});

test("a start that a claim logged later than the lags moves after a loss named the session is a late fact: the start read then counts", async () => {
  // Y's kind is unknown until its answer, logged late, gives it C: C, first seen at its creation
  // line (timed ahead, at 50 s), then starts at Y (0 s).
  const y = { ...request(0, null, { rpc: null }), is_initialize: null };
  const other = { ua: "other/1.0" };
  const lines: Line[] = [
    y,
    created(50, "C"),
    ...call(2, "C"),
    request(3, null), // 5: a loss naming C
    ...initialize(3.5, "B", null, other),
    ...call(3.6, "B", other),
    response(4, y, "C"),
    ...call(4.5, "B", other),
    request(6, null), // 14: a loss naming C
  ];
  const atEnd = await timelineTrailing(lines, Infinity);
  assert.deepEqual(shortestOf(atEnd), { sessionId: "C", idleMs: 1000, ref: { file: "case.jsonl", line: 5 } });
  assert.deepEqual(shortestOf(atEnd), shortestSlowly(atEnd));
  const trailing = await timelineTrailing(lines, 1);
  assert.ok(trailing.tallies.lateFacts > 0);
  assert.deepEqual(shortestSlowly(trailing), shortestSlowly(atEnd));
  assert.deepEqual(shortestOf(trailing), { sessionId: "C", idleMs: -47_000, ref: { file: "case.jsonl", line: 5 } });
});

test("sessions named before are passed over only when no time kept is late enough to beat the best: a start read, a clock run back", async () => {
  const lines: Line[] = [
    ...initialize(0, "A", null),
    // A idle 10 s: the best.
    ...initialize(10, "B", null),
    // A named before, idle 20 s; B idle 10 s: not shorter.
    ...initialize(20, "C", null),
    closed(21, "C"),
    // Logged after, stamped before: A and B, both named before (C ended, never named). B started
    // 0.5 s before: only its start, read when first named, says so (no use came since).
    ...initialize(10.5, "D", null),
  ];
  for (const lag of [1, 2, Infinity]) {
    const timeline = await timelineTrailing(lines, lag);
    assert.deepEqual(shortestOf(timeline), { sessionId: "B", idleMs: 500, ref: { file: "case.jsonl", line: 11 } }, `lag ${lag}`);
    assert.deepEqual(shortestOf(timeline), shortestSlowly(timeline));
  }
});
