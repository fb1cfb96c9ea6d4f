import assert from "node:assert/strict";
import { test } from "node:test";
import { LossWithOpenStreams } from "../../src/hypotheses/loss-with-open-streams.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { Timeline } from "../../src/timeline/model.js";
import { requestRows } from "../../src/timeline/rows.js";
import { sessionsById } from "../../src/timeline/sessions-by-id.js";
import { call, created, disconnected, initialize, request } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { seededRandom } from "../support/seeded-random.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/** What stream-disconnect-causes-loss read before the walk told it: the timeline's losses after the fold, each one's names looked up by id. */
function readAfterTheFold(timeline: Timeline): boolean {
  const reinitializations = reinitializationsOf(timeline);
  const byId = sessionsById(timeline);
  const { table } = requestRows(timeline);
  for (let i = 0; i < reinitializations.length; i++) {
    if (!reinitializations.isLossAt(i)) continue;
    const seq = table.seqOf(reinitializations.rowAt(i));
    let closed = false;
    for (const id of reinitializations.aliveSessionsAt(i)) if ((byId.get(id)! as LoggedSession).firstStreamClosureSeq < seq) closed = true;
    if (!closed) return true;
  }
  return false;
}

const told = (timeline: Timeline) => timeline.tallies.of(LossWithOpenStreams).found;

/**
 * A random log of three clients with stream closures: after a session's creation line, with
 * probability `closing`, one of its own; before a session's first line now and then, one of its id
 * that is none of the session's (the walk has not seen the session). In `file`, when given, a
 * second file the server's closures are logged to.
 */
function randomLogWithClosures(seed: number, closing: number, file: string | null): Line[] {
  const random = seededRandom(seed * 31 + Math.round(closing * 10)).next;
  const lines: Line[] = [];
  const logged = (line: Line) => (file === null ? line : { ...line, file });
  const log = randomSessionLog(seed, { initialize: 0.35, createdAhead: 0.05, close: 0.05 });
  const closure = (line: Line, sid: string) => logged({ ...disconnected(0, sid, 100), timestamp: line.timestamp });
  for (const [i, line] of log.entries()) {
    const next = log[i + 1];
    if (line.event === "mcp_request_headers" && line.mcp_session_id === null && next?.event === "session_created" && random() < 0.1) lines.push(closure(line, next.session_id as string));
    lines.push(line);
    if (line.event === "session_created" && random() < closing) lines.push(closure(line, line.session_id as string));
  }
  return lines;
}

test("whether some loss found no named session's stream closed, told in the walk, is what the timeline's losses give after the fold, filtered or not, at any lag, across files", async () => {
  const seen = new Set<boolean>();
  for (const seed of [41, 42, 43]) {
    for (const closing of [1, 0.9, 0.5]) {
      const lines = randomLogWithClosures(seed, closing, seed === 42 ? "sse.jsonl" : null);
      for (const lag of [1, 3, Infinity]) {
        const timeline = await timelineTrailing(lines, lag);
        // Else the test would prove little: many losses.
        const reinitializations = reinitializationsOf(timeline);
        assert.ok(Array.from({ length: reinitializations.length }, (_, i) => reinitializations.isLossAt(i)).filter(Boolean).length > 10, `seed ${seed}`);
        const whole = readAfterTheFold(timeline);
        seen.add(whole);
        assert.equal(told(timeline), whole, `seed ${seed}, closing ${closing}, lag ${lag}`);
        for (const client of ["client0", "client1", "client2"]) {
          const filtered = filterTimeline(timeline, { client, session: null });
          seen.add(readAfterTheFold(filtered));
          assert.equal(told(filtered), readAfterTheFold(filtered), `seed ${seed}, closing ${closing}, lag ${lag}, --client ${client}`);
        }
        for (const session of [`s${seed}-1`, [...timeline.sessions].at(-1)!.id]) {
          const filtered = filterTimeline(timeline, { client: null, session });
          assert.equal(told(filtered), readAfterTheFold(filtered), `seed ${seed}, closing ${closing}, lag ${lag}, --session ${session}`);
        }
      }
    }
  }
  assert.deepEqual([...seen].sort(), [false, true]);
});

test("a closure logged just after the loss, which the walk has met when the sweep tells the loss, is not one before it", async () => {
  // The sweep trails the walk by two lags: with a lag of 1, the closure two lines after B's
  // initialize is walked before the loss is told, but lies after it.
  const lines = [...initialize(0, "A", null), ...call(1, "A"), request(2, null), disconnected(2.1, "A", 100), created(2.2, "B")];
  for (const lag of [1, Infinity]) {
    const timeline = await timelineTrailing(lines, lag);
    assert.equal(reinitializationsOf(timeline).kindAt(1), "loss");
    assert.deepEqual([told(timeline), readAfterTheFold(timeline)], [true, true], `lag ${lag}`);
  }
  // One line earlier, before the loss: every loss followed a closure.
  const before = [...initialize(0, "A", null), ...call(1, "A"), disconnected(1.9, "A", 100), request(2, null), created(2.2, "B")];
  for (const lag of [1, Infinity]) assert.equal(told(await timelineTrailing(before, lag)), false, `lag ${lag}`);
});

test("a closure of the id before its session was seen, and one of a session the loss does not name, leave the loss with open streams", async () => {
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  const lines = [disconnected(0, "A", 5), ...initialize(1, "A", null, a), ...initialize(2, "B", null, b), disconnected(3, "B", 100), ...initialize(4, "A2", null, a)];
  const timeline = await timelineTrailing(lines, 1);
  assert.deepEqual([told(timeline), readAfterTheFold(timeline)], [true, true]);
  // Narrowed to b, which lost nothing: no loss at all.
  assert.equal(told(filterTimeline(timeline, { client: "b/1.0", session: null })), false);
});

test("a loss the sweep missed for an owner noted late (a late fact) is missed by the observer as by the timeline's list", async () => {
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  // S is a's only from its last line: the sweep, one lag behind, had called a's initialize (line 2) a first one.
  const lines = [created(0, "S"), request(1, null, a), ...initialize(2, "B", null, b), disconnected(2.2, "B", 9), ...initialize(2.5, "C", null, b), ...call(3, "B", b), ...call(4, "S", a)];
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.deepEqual([told(trailing), readAfterTheFold(trailing)], [false, false]);
  // Walked at the end, a's loss of S (whose stream never closed) is one.
  assert.equal(told(await timelineTrailing(lines, Infinity)), true);
});
