import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { unknownSession, UnknownSessionUses } from "../../src/analyzers/unknown-session.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, closed, created, initialize, request, response, started } from "../support/log-lines.js";
import { seededRandom } from "../support/seeded-random.js";
import { timelineTrailing } from "../support/trailing-walk.js";

testAnalyzer(unknownSession, {
  valid: [
    { name: "a live session", lines: [...initialize(0, "A", 1), ...call(5, "A")] },
    {
      name: "a DELETE of a session the server already closed",
      lines: [...initialize(0, "A", 1), { event: "session_closed", timestamp: "2026-02-27T08:00:10Z", session_id: "A", active_sessions: 0 }, ...call(20, "A", { method: "DELETE" })],
    },
  ],
  invalid: [
    {
      name: "404 after a restart, then a correct re-initialize",
      lines: [...initialize(0, "A", 1), started(10, 2), ...call(20, "A", {}, 404), ...initialize(20.1, "B", 1)],
      expected: [{ lines: [5] }],
    },
    {
      name: "an id sent after the server closed the session",
      lines: [...initialize(0, "A", 1), { event: "session_closed", timestamp: "2026-02-27T08:00:10Z", session_id: "A", active_sessions: 0 }, ...call(20, "A")],
      expected: [{ lines: [5] }],
    },
    {
      // B's creation line counts one live session where A and B were: A was lost in a restart
      // before B's initialize (line 4), found only at that line, after A was used (line 5).
      name: "a use between a restart and the line that shows it, the restart placed behind the walk",
      lines: [...initialize(0, "A", 1), request(1, null), ...call(2, "A"), created(3, "B", 1)],
      expected: [{ lines: [5] }],
    },
  ],
});

test("a client that kept sending an unknown id: the first lines listed, the full count in evidenceCount", async () => {
  // After the restart every call (lines 5, 7, 9, …) is answered 404, and the client never re-initializes.
  const calls = Array.from({ length: MAX_EVIDENCE + 10 }, (_, i) => call(20 + i, "A", {}, 404)).flat();
  const lines = [...initialize(0, "A", 1), started(10, 2), ...calls];
  const [detection, ...rest] = unknownSession.detect(await timelineOf(lines));
  assert.equal(rest.length, 0);
  assert.equal(detection!.evidenceCount, MAX_EVIDENCE + 10);
  assert.deepEqual(
    detection!.evidence.map((e) => e.line),
    Array.from({ length: MAX_EVIDENCE }, (_, i) => 5 + i * 2),
  );
  assert.match(detection!.message, /sent 60 request\(s\) .* \(60 answered 404\); it re-initialized after 0 of them/);
});

test("a session's end the walk found later than the lags is a late fact: the uses released before it are not counted", async () => {
  // B's creation line, ten lines after A's use (line 5), shows a restart before B's initialize (line 4).
  const filler = Array.from({ length: 10 }, (_, i) => ({ event: "client_disconnected", timestamp: "2026-02-27T08:00:30Z", session_id: `z${i}`, elapsed_ms: 1 }));
  const lines = [...initialize(0, "A", 1), request(1, null), ...call(2, "A"), ...filler, created(40, "B", 1)];
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.deepEqual([...unknownSession.detect(trailing)], []);
  // Walked at the end of the log, the restart is known when A's use is released.
  const [atEnd] = [...unknownSession.detect(await timelineOf(lines))];
  assert.deepEqual(atEnd!.evidence.map((e) => e.line), [5]);
});

type Line = Record<string, unknown>;


/**
 * A seeded log of two clients: uses of live and ended sessions (another client's too), 404s,
 * DELETEs, closes, restarts logged and shown by a creation line's low count, bare initializes,
 * ids answered to them, and answers logged some lines after their request.
 */
function hostileLog(seed: number): Line[] {
  const random = seededRandom(seed);
  const lines: Line[] = [];
  const waiting: { req: Line; sid: string | null; status: number; after: number }[] = [];
  const ids = ["s0"];
  const fresh = (t: number) => {
    ids.push(`s${t}`);
    return `s${t}`;
  };
  for (let t = 1; t < 300; t++) {
    const ua = random.pick(["a/1.0", "b/1.0"]);
    const roll = random.next();
    if (roll < 0.12) lines.push(...initialize(t, fresh(t), random.next() < 0.05 ? random.int(3) : null, { ua }));
    else if (roll < 0.55) {
      const req = request(t, random.pick(ids), { ua, method: random.next() < 0.1 ? "DELETE" : "POST" });
      lines.push(req);
      waiting.push({ req, sid: req.mcp_session_id as string, status: random.pick([200, 200, 202, 404, 204]), after: random.int(4) });
    } else if (roll < 0.65) lines.push(closed(t, random.pick(ids)));
    else if (roll < 0.67) lines.push(started(t, 7));
    else if (roll < 0.7) {
      const sid = fresh(t);
      lines.push(created(t, sid, random.next() < 0.2 ? random.int(2) : null), request(t, sid, { ua }));
    }
    else if (roll < 0.8) {
      const req = request(t, null, { ua });
      lines.push(req);
      waiting.push({ req, sid: random.next() < 0.9 ? fresh(t) : null, status: 200, after: random.int(4) });
    }
    for (const w of waiting.filter((w) => w.after-- <= 0)) {
      lines.push(response(t + 0.5, w.req, w.sid, w.status));
      waiting.splice(waiting.indexOf(w), 1);
    }
  }
  return lines;
}

/** What the rule found before it was an observer: each client's kept requests read at the end, every session's end final. */
function unknownUsesSlowly(timeline: Timeline) {
  const sessions = new Map([...timeline.sessions].map((s) => [s.id, s]));
  return timeline.clients.flatMap((client) => {
    const requests = [...client.requests];
    let count = 0;
    let notFound = 0;
    let reinitialized = 0;
    const lines: number[] = [];
    for (const [i, r] of requests.entries()) {
      if (typeof r.sessionId !== "string") continue;
      const session = sessions.get(r.sessionId);
      const afterEnd = session !== undefined && session.end !== null && r.seq > session.end.seq && r.httpMethod !== "DELETE";
      if (r.response?.status !== 404 && !afterEnd) continue;
      count++;
      if (lines.length < MAX_EVIDENCE) lines.push(r.ref.line);
      if (r.response?.status === 404) notFound++;
      const next = requests[i + 1];
      if (next?.isInitialize === true && next.sessionId === null) reinitialized++;
    }
    return count === 0 ? [] : [{ client: client.key, count, notFound, reinitialized, lines }];
  });
}

function unknownUsesTold(timeline: Timeline) {
  const { found } = timeline.tallies.of(UnknownSessionUses);
  return timeline.clients.flatMap((client) => {
    const uses = found[timeline.tallies.positionOf(client)];
    if (!uses) return [];
    return [{ client: client.key, count: uses.unknown.count, notFound: uses.notFound, reinitialized: uses.reinitialized, lines: uses.unknown.kept.map((ref) => ref.line) }];
  });
}

test("the observer finds what a pass over every request at the end finds, filtered or not, unless a fact came after the lags", async () => {
  const filters = [
    { client: null, session: null },
    { client: "b/1", session: null },
    { client: null, session: "s1" },
    { client: "a/1", session: "s2" },
  ];
  let compared = 0;
  let found = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const log = hostileLog(seed);
    for (const timeline of [await timelineOf(log), await timelineTrailing(log, 20)]) {
      if (timeline.tallies.lateFacts > 0) continue;
      for (const filter of filters) {
        const filtered = filterTimeline(timeline, filter);
        const slow = unknownUsesSlowly(filtered);
        assert.deepEqual(unknownUsesTold(filtered), slow, `seed ${seed}, ${JSON.stringify(filter)}`);
        compared++;
        found += slow.length;
      }
    }
  }
  // The logs exercise what they are for: most walked behind the reading without a late fact, with uses found.
  assert.ok(compared > 150 && found > 100, `${compared} compared, ${found} found`);
});

test("a 404 logged later than the lags is a late fact, which the observer did not see", async () => {
  const use = request(20, "A");
  const filler = Array.from({ length: 10 }, (_, i) => ({ event: "client_disconnected", timestamp: "2026-02-27T08:00:30Z", session_id: `z${i}`, elapsed_ms: 1 }));
  const lines = [...initialize(0, "A", 1), use, ...filler, response(40, use, "A", 404)];
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.deepEqual([...unknownSession.detect(trailing)], []);
  // Answered within the lags, the 404 is seen.
  const [atEnd] = [...unknownSession.detect(await timelineOf(lines))];
  assert.deepEqual(atEnd!.evidence.map((e) => e.line), [4]);
});

test("uses from two files are listed by their own file and line, in log order", async () => {
  const [init, create, answer] = initialize(0, "A", 1);
  const lines = [
    { ...init, file: "one.jsonl" },
    { ...create, file: "one.jsonl" },
    { ...answer, file: "one.jsonl" },
    { ...closed(5, "A"), file: "two.jsonl" },
    ...call(10, "A").map((line) => ({ ...line, file: "two.jsonl" })),
    ...call(11, "A").map((line) => ({ ...line, file: "one.jsonl" })),
    { ...request(12, null), file: "two.jsonl" },
  ];
  const [detection, ...rest] = unknownSession.detect(await timelineTrailing(lines, 1));
  assert.equal(rest.length, 0);
  assert.deepEqual(detection!.evidence, [
    { file: "two.jsonl", line: 2 },
    { file: "one.jsonl", line: 4 },
  ]);
  // The second use's next request is the bare initialize.
  assert.match(detection!.message, /it re-initialized after 1 of them/);
});
