import assert from "node:assert/strict";
import { test } from "node:test";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { Session, Timeline } from "../../src/timeline/model.js";
import { ActiveSamples } from "../../src/timeline/active-series.js";
import { RequestCounts } from "../../src/timeline/request-counts.js";
import { FILE } from "../support/analyzer-tester.js";
import { call, created, initialize, request, response } from "../support/log-lines.js";
import { fixtureLines, WALK_FIXTURES } from "../support/fixture-lines.js";
import { timelineTrailing } from "../support/trailing-walk.js";

const timelineOf = timelineTrailing;

/**
 * A timeline whose sessions are read out through their getters: each timeline's sessions are of its
 * session table's own class (logged-session.ts), so two timelines' sessions never compare equal as
 * objects, and the object holds its ordinal alone. The re-initializes hold the sessions too (the
 * ones a loss names): read out as records.
 */
function comparable(timeline: Timeline) {
  const read = (s: Session) => ({
    ...[s.id, (s as LoggedSession).ordinal, s.startSeq, s.startAt, s.startRef, s.owner, s.instance, s.created, s.end, (s as LoggedSession).createdByRow],
    requests: [...s.requests].map((r) => r.seq),
    streamClosures: [...s.streamClosures],
  });
  const reinitializations = [...timeline.reinitializations].map((r) => ({ request: r.request.seq, kind: r.kind, aliveSessions: r.aliveSessions, aliveCount: r.aliveCount, idleGapMs: r.idleGapMs }));
  return { ...timeline, sessions: [...timeline.sessions].map(read), abandonedSessions: [...timeline.abandonedSessions].map(read), reinitializations };
}

for (const name of WALK_FIXTURES) {
  test(`${name}: a walk trailing the reading by more than the farthest answer equals a walk at the end`, async () => {
    const lines = await fixtureLines(name);
    const atEnd = await timelineOf(lines, Infinity);
    const farthest = [...atEnd.requests].reduce((max, r) => Math.max(max, r.response ? r.response.seq - r.seq : 0), 0);
    // Otherwise the walk would not run before the end, and the comparison would prove nothing.
    assert.ok(farthest + 1 < lines.length - 1, `${name}: an answer ${farthest} lines after its request`);
    assert.deepEqual(comparable(await timelineOf(lines, farthest + 1)), comparable(atEnd));
  });

  test(`${name}: the observers, released requests a lag behind the walk, gather what they gather at the end`, async () => {
    const lines = await fixtureLines(name);
    const atEnd = await timelineOf(lines, Infinity);
    const farthest = [...atEnd.requests].reduce((max, r) => Math.max(max, r.response ? r.response.seq - r.seq : 0), 0);
    // Released two lags behind the reading: half the farthest answer, rounded up, is lag enough.
    const lag = Math.ceil((farthest + 1) / 2);
    // Otherwise nothing would be released before the end, and the comparison would prove nothing.
    assert.ok(atEnd.requests.at(0)!.seq < lines.length - 1 - 2 * lag, `${name}: no request released before the end`);
    const trailing = await timelineOf(lines, lag);
    assert.equal(trailing.tallies.lateFacts, 0);
    assert.deepEqual(trailing.tallies, atEnd.tallies);
  });
}

test("the walk trails the reading: a DELETE answered too late ends its session at its own line", async () => {
  const del = request(5, "A", { method: "DELETE", rpc: null });
  const lines = [...initialize(0, "A", null), del, ...call(6, "B"), response(7, del, "A", 200)];
  const endOf = (t: Timeline) => {
    const { kind, seq, at, ref } = [...t.sessions].find((s) => s.id === "A")!.end!;
    return { kind, seq, at, ref };
  };
  // At the end of the log the answer is known: the session ends when the server answered.
  assert.deepEqual(endOf(await timelineOf(lines, Infinity)), { kind: "deleted", seq: 6, at: Date.parse("2026-02-27T08:00:07Z"), ref: { file: FILE, line: 7 } });
  // Two events behind, the walk reaches the DELETE before its answer is read.
  assert.deepEqual(endOf(await timelineOf(lines, 2)), { kind: "deleted", seq: 3, at: Date.parse("2026-02-27T08:00:05Z"), ref: { file: FILE, line: 4 } });
});

test("a count the server logs after sessions were counted replaces the counted samples", async () => {
  // Sessions A and B are counted from the lifecycle lines; C's line carries the server's count.
  const lines = [...initialize(0, "A", null), ...initialize(1, "B", null), ...call(2, "A"), ...call(3, "B"), created(4, "C", 3)];
  const timeline = await timelineOf(lines, 1);
  const samples = timeline.tallies.of(ActiveSamples);
  assert.deepEqual([samples.source, samples.chosen.length, samples.chosen.activeAt(0)], ["logged", 1, 3]);
});

test("an answer later than the two lags is a late fact: the observers had the request without it", async () => {
  // A pino-like request of unknown kind, answered with a new id seven lines later: an inferred initialize.
  const unknown: Record<string, unknown> = { ...request(0, null, { rpc: null }) };
  delete unknown.is_initialize;
  const lines = [unknown, ...call(1, "A"), ...call(2, "A"), ...call(3, "A"), response(4, unknown, "B")];
  const atEnd = await timelineOf(lines, Infinity);
  assert.equal(atEnd.tallies.lateFacts, 0);
  assert.equal(atEnd.tallies.of(RequestCounts).counts.initializeRequests, 1);
  const trailing = await timelineOf(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.equal(trailing.tallies.of(RequestCounts).counts.initializeRequests, 0);
  // The model's own record has the answer: only what was released before it misses it.
  assert.equal(trailing.requests.at(0)!.isInitialize, true);
});

test("a restart placed before samples already released is a late fact", async () => {
  // C's creation line counts 1 live session: a restart before the initialize it claims, line 1,
  // which was answered by no response; A's and B's samples came after that initialize.
  const lines = [request(0, null), ...initialize(1, "A", 1), ...initialize(2, "B", 2), created(3, "C", 1)];
  const atEnd = await timelineOf(lines, Infinity);
  assert.deepEqual([atEnd.restarts.map((r) => r.seq), atEnd.tallies.lateFacts], [[0], 0]);
  const trailing = await timelineOf(lines, 1);
  assert.deepEqual([trailing.restarts.map((r) => r.seq), trailing.tallies.lateFacts], [[0], 1]);
});
