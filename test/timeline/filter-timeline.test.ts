import assert from "node:assert/strict";
import { test } from "node:test";
import { filterTimeline, type TimelineFilter } from "../../src/timeline/filter-timeline.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import type { Reinitialization, RequestRecord, Timeline } from "../../src/timeline/model.js";
import { fixtureLines, WALK_FIXTURES } from "../support/fixture-lines.js";
import { call, closed, disconnected, initialize, request, response } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { timelineTrailing } from "../support/trailing-walk.js";

/*
 * filterTimeline reads rows by their numbers, shares the lists of clients that keep every request
 * and makes a kept client's batches when asked: what it keeps must be what a filter reading every
 * record finds, the slow way below.
 */

/** The parts of a timeline a filter narrows, as plain values: requests by log position. */
function narrowed(timeline: Timeline) {
  const seqs = (requests: Iterable<RequestRecord>) => [...requests].map((r) => r.seq);
  return {
    requests: seqs(timeline.requests),
    clients: timeline.clients.map((c) => ({
      key: c.key,
      requests: seqs(c.requests),
      batches: c.batches.map((b) => ({ index: b.index, startAt: b.startAt, endAt: b.endAt, requests: seqs(b.requests) })),
      batchCount: c.batchCount,
    })),
    sessions: [...timeline.sessions].map((s) => s.id),
    abandoned: [...timeline.abandonedSessions].map((s) => s.id),
    closures: [...timeline.streamClosures].map((c) => c.seq),
    statusCounts: Object.entries(timeline.statusCounts),
  };
}

/** What `filter` keeps of the whole timeline, every record read: the request kept when its client matches and its session (or the session it created) does. */
function keptSlowly(whole: Timeline, filter: TimelineFilter): ReturnType<typeof narrowed> {
  const clientMatches = (key: string | null) => filter.client === null || (key !== null && key.toLowerCase().includes(filter.client.toLowerCase()));
  const sessionMatches = (id: string | null | undefined) => filter.session === null || (typeof id === "string" && id.startsWith(filter.session));
  const sessions = [...whole.sessions].filter((s) => clientMatches(s.owner) && sessionMatches(s.id));
  const ids = new Set(sessions.map((s) => s.id));
  const creators = new Set(sessions.flatMap((s) => (s.createdBy ? [s.createdBy.seq] : [])));
  const isKept = (r: RequestRecord) => clientMatches(r.clientKey) && (filter.session === null || sessionMatches(r.sessionId) || creators.has(r.seq));
  const keep = (requests: Iterable<RequestRecord>) => [...requests].filter(isKept).map((r) => r.seq);
  const statusCounts: Record<string, number> = {};
  for (const r of whole.requests) if (isKept(r) && r.response?.status != null) statusCounts[r.response.status] = (statusCounts[r.response.status] ?? 0) + 1;
  return {
    requests: keep(whole.requests),
    clients: whole.clients
      .map((c) => {
        const batches = c.batches.map((b) => ({ index: b.index, startAt: b.startAt, endAt: b.endAt, requests: keep(b.requests) })).filter((b) => b.requests.length > 0);
        return { key: c.key, requests: keep(c.requests), batches, batchCount: batches.length };
      })
      .filter((c) => c.requests.length > 0),
    sessions: sessions.map((s) => s.id),
    abandoned: [...whole.abandonedSessions].filter((s) => ids.has(s.id)).map((s) => s.id),
    closures: [...whole.streamClosures].filter((c) => c.sessionId !== null && ids.has(c.sessionId)).map((c) => c.seq),
    statusCounts: Object.entries(statusCounts),
  };
}

function filtersOf(whole: Timeline): TimelineFilter[] {
  return [
    ...whole.clients.slice(0, 3).map((c) => ({ client: c.key.slice(0, 12), session: null })),
    ...[...whole.sessions].slice(0, 4).map((s) => ({ client: null, session: s.id.slice(0, 8) })),
    ...[...whole.sessions].slice(0, 2).map((s) => ({ client: s.owner, session: s.id.slice(0, 3) })),
    { client: "/", session: null },
    { client: "no such client", session: null },
    { client: null, session: "no such session" },
  ];
}

const a = { ua: "a/1" };
const b = { ua: "b/1" };
const notFound = request(14, "A1", b);
/** a's session A1 used by b too, a's batches only some of which use A1, answers of several statuses and none, streams closed on both sessions. */
const shared = [
  ...initialize(0, "A1", 1, a),
  ...call(0.5, "A1", a),
  disconnected(0.8, "A1", 300),
  ...call(1, "A1", b, 202),
  ...initialize(10, "A2", 2, a),
  ...call(10.5, "A2", a, 500),
  disconnected(10.9, "A2", 400),
  notFound,
  response(14.1, notFound, "A1", 404),
  ...call(20, "A1", a),
  ...call(20.5, "A2", a),
  request(25, "A1", a),
  closed(30, "A2", 1),
];

test("a session used by several clients: --session keeps every client's uses of it and the initialize that made it, in their batches", async () => {
  const whole = await timelineTrailing(shared, Infinity);
  for (const filter of [...filtersOf(whole), { client: "b/", session: "A1" }, { client: "a/", session: "A2" }]) {
    assert.deepEqual(narrowed(filterTimeline(whole, filter)), keptSlowly(whole, filter), JSON.stringify(filter));
  }
  const a1 = narrowed(filterTimeline(whole, { client: null, session: "A1" }));
  // a's batches 0, 2 and 3 use A1 (its initialize and calls), its batch 1 (A2's) none: three kept of four.
  assert.deepEqual(a1.clients.map((c) => [c.key, c.requests.length, c.batches.map((x) => x.index), c.batchCount]), [["a/1", 4, [0, 2, 3], 3], ["b/1", 2, [0, 1], 2]]);
  assert.deepEqual(a1.statusCounts, [["200", 3], ["202", 1], ["404", 1]]);
  assert.equal(a1.closures.length, 1);
});

test("a filter matching nothing keeps no request, client, session, closure or status", async () => {
  const whole = await timelineTrailing(shared, Infinity);
  for (const filter of [{ client: "c/", session: null }, { client: null, session: "B" }, { client: "b/", session: "A2" }]) {
    const none = narrowed(filterTimeline(whole, filter));
    assert.deepEqual(none, { requests: [], clients: [], sessions: [], abandoned: [], closures: [], statusCounts: [] }, JSON.stringify(filter));
  }
});

test("a client or a timeline that keeps every request, session or closure is the whole one's, not a copy", async () => {
  const whole = await timelineTrailing(shared, Infinity);
  const byClient = filterTimeline(whole, { client: "/1", session: null });
  assert.equal(byClient.requests, whole.requests);
  assert.equal(byClient.sessions, whole.sessions);
  assert.equal(byClient.abandonedSessions, whole.abandonedSessions);
  assert.equal(byClient.streamClosures, whole.streamClosures);
  assert.equal(byClient.clients.length, whole.clients.length);
  byClient.clients.forEach((c, i) => assert.equal(c, whole.clients[i]));
  assert.equal(byClient.reinitializations, whole.reinitializations);
  const bySession = filterTimeline(whole, { client: null, session: "A2" });
  assert.notEqual(bySession.clients[0], whole.clients[0]);
});

const listed = (list: Iterable<Reinitialization>) => [...list].map((r, i) => [i, r.request.seq, r.kind, r.aliveCount, r.idleGapMs, r.aliveSessions]);

test("a filter keeping every request and session keeps the re-initializes as keeping each of them does", async () => {
  for (const lines of [shared, ...(await Promise.all(WALK_FIXTURES.map(fixtureLines))), randomSessionLog(4, { initialize: 0.3, createdAhead: 0.1, close: 0.1 })]) {
    const whole = await timelineTrailing(lines, 2);
    const all = filterTimeline(whole, { client: "", session: null });
    assert.equal(all.requests, whole.requests);
    assert.equal(all.sessions, whole.sessions);
    const everyRow = new Uint8Array(whole.requests.length).fill(1);
    assert.deepEqual(listed(all.reinitializations), listed(reinitializationsOf(whole).keep(everyRow, new Set([...whole.sessions].map((s) => s.id)))));
  }
});

for (const name of WALK_FIXTURES) {
  test(`${name}: every filter keeps what reading every record keeps`, async () => {
    const lines = await fixtureLines(name);
    for (const lag of [1, Infinity]) {
      const whole = await timelineTrailing(lines, lag);
      for (const filter of filtersOf(whole)) assert.deepEqual(narrowed(filterTimeline(whole, filter)), keptSlowly(whole, filter), `lag ${lag}, ${JSON.stringify(filter)}`);
    }
  });
}

test("random sessions of three clients: every filter keeps what reading every record keeps", async () => {
  for (const seed of [1, 2, 3]) {
    const whole = await timelineTrailing(randomSessionLog(seed, { initialize: 0.2, createdAhead: 0.1, close: 0.1 }), 3);
    for (const filter of filtersOf(whole)) assert.deepEqual(narrowed(filterTimeline(whole, filter)), keptSlowly(whole, filter), `seed ${seed}, ${JSON.stringify(filter)}`);
  }
});
