import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyReinitializations } from "../../src/timeline/classify-reinitializations.js";
import { MAX_ALIVE_LISTED } from "../../src/timeline/classified-columns.js";
import type { ReinitializeKind, Session, Timeline } from "../../src/timeline/model.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, closed, initialize, request, response } from "../support/log-lines.js";

type Line = Record<string, unknown>;

/** A seeded log of two clients that start sessions, use, delete, lose (404) and are closed out of them, in random order. */
function randomLog(seed: number): Line[] {
  let state = seed;
  const random = (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
  const lines: Line[] = [];
  const open = new Map<string, string[]>([
    ["a/1.0", []],
    ["b/1.0", []],
  ]);
  let next = 0;
  for (let t = 0; t < 600; t++) {
    const ua = random(3) === 0 ? "b/1.0" : "a/1.0";
    const mine = open.get(ua)!;
    const pick = () => mine.splice(random(mine.length), 1)[0]!;
    const action = mine.length === 0 ? 0 : random(10);
    if (action < 4) {
      const sid = `s${next++}`;
      lines.push(...initialize(t, sid, null, { ua }));
      mine.push(sid);
    } else if (action < 6) {
      lines.push(...call(t, mine[random(mine.length)]!, { ua }));
    } else if (action === 6) {
      const req = request(t, pick(), { ua, method: "DELETE", rpc: null });
      lines.push(req, response(t + 0.05, req, req.mcp_session_id as string));
    } else if (action === 7) {
      lines.push(closed(t, pick()));
    } else if (action === 8) {
      lines.push(...call(t, pick(), { ua }, 404));
    } else {
      // A bare initialize: the client starts over while its sessions live on.
      lines.push(request(t, null, { ua }));
    }
  }
  return lines;
}

/** What classifyReinitializations decides, the slow way: every session of the client looked at for every initialize. */
function classifySlowly(timeline: Timeline) {
  const decided: { seq: number; kind: ReinitializeKind; aliveSessions: string[]; aliveCount: number; idleGapMs: number | null }[] = [];
  const abandoned: Session[] = [];
  const byStart = (list: Session[]) => [...list].sort((x, y) => x.startSeq - y.startSeq);
  const byEnd = (list: Session[]) => [...list].sort((x, y) => x.end!.seq - y.end!.seq);
  for (const client of timeline.clients) {
    const mine = timeline.sessions.filter((s) => s.owner === client.key);
    let previousLoss = -Infinity;
    const requests = [...client.requests];
    for (const [k, r] of requests.entries()) {
      if (r.sessionId !== null || r.isInitialize !== true) continue;
      const idleGapMs = k === 0 ? null : r.at - requests[k - 1]!.at;
      const alive = byStart(mine.filter((s) => s.startSeq < r.seq && (s.end === null || s.end.seq > r.seq)));
      if (alive.length > 0) {
        decided.push({ seq: r.seq, kind: "loss", aliveSessions: alive.slice(-MAX_ALIVE_LISTED).map((s) => s.id), aliveCount: alive.length, idleGapMs });
        abandoned.push(...alive.filter((s) => s.startSeq >= previousLoss));
        previousLoss = r.seq;
        continue;
      }
      const lastEnded = byEnd(mine.filter((s) => s.end !== null && s.end.seq <= r.seq)).at(-1);
      const kind = !lastEnded ? "first" : lastEnded.end!.kind === "restart" ? "after-restart" : lastEnded.end!.kind === "not-found" ? "after-not-found" : "after-end";
      decided.push({ seq: r.seq, kind, aliveSessions: [], aliveCount: 0, idleGapMs });
    }
  }
  // In the order of their start, equal ones in the sessions' order.
  const inStartOrder = timeline.sessions.filter((s) => abandoned.includes(s)).sort((x, y) => x.startSeq - y.startSeq);
  return { reinitializations: decided.sort((x, y) => x.seq - y.seq), abandoned: inStartOrder };
}

test("re-initializes are classified as every session of the client, looked at one by one, says", async () => {
  let losses = 0;
  let pastListed = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const timeline = await timelineOf(randomLog(seed));
    const slow = classifySlowly(timeline);
    assert.deepEqual(
      [...timeline.reinitializations].map((r) => ({ seq: r.request.seq, kind: r.kind, aliveSessions: r.aliveSessions, aliveCount: r.aliveCount, idleGapMs: r.idleGapMs })),
      slow.reinitializations,
    );
    assert.deepEqual(
      [...timeline.abandonedSessions].map((s) => s.id),
      slow.abandoned.map((s) => s.id),
    );
    losses += slow.reinitializations.filter((r) => r.kind === "loss").length;
    pastListed += [...timeline.reinitializations].filter((r) => r.aliveCount > MAX_ALIVE_LISTED).length;
  }
  // The logs exercise what they are for: many losses, some naming only the newest of many alive sessions.
  assert.ok(losses > 200 && pastListed > 20, `${losses} losses, ${pastListed} past the listed`);
});

test("a log of more events than 4-byte log positions hold is classified alike, its positions as doubles", async () => {
  const timeline = await timelineOf(randomLog(6));
  // The fold's candidates, as it notes them: each client's session-less requests not known to be something else.
  const from = new Int32Array(timeline.clients.length + 1);
  const noted: number[] = [];
  const seqs: number[] = [];
  timeline.clients.forEach((client, c) => {
    [...client.requests].forEach((r, position) => {
      if (r.sessionId === null && r.isInitialize !== false) {
        noted.push(position);
        seqs.push(r.seq);
      }
    });
    from[c + 1] = noted.length;
  });
  // Each one's place in log order.
  const ranks = new Int32Array(noted.length);
  [...seqs.keys()].sort((a, b) => seqs[a]! - seqs[b]!).forEach((k, rank) => (ranks[k] = rank));
  const readOut = ({ reinitializations, abandonedSessions }: Pick<Timeline, "reinitializations" | "abandonedSessions">) => ({
    reinitializations: [...reinitializations].map((r) => [r.request.seq, r.kind, r.aliveSessions, r.aliveCount, r.idleGapMs]),
    abandoned: [...abandonedSessions].map((s) => s.id),
  });
  const candidates = { from, positions: Int32Array.from(noted), ranks };
  const expected = readOut(timeline);
  assert.ok(expected.reinitializations.some(([, kind]) => kind === "loss"));
  for (const eventCount of [timeline.requests.length * 4, 2 ** 32, 2 ** 40]) {
    assert.deepEqual(readOut(classifyReinitializations(timeline.clients, timeline.sessions, candidates, eventCount)), expected);
  }
});

test("abandoned sessions come in the order of their start where the sessions' order is not it", async () => {
  // Each session is made at its response, the later initialize's first, and started at its initialize.
  const first = request(0, null, { ua: "a/1.0" });
  const second = request(1, null, { ua: "a/1.0" });
  const log = [first, second, response(2, second, "s-second"), response(3, first, "s-first"), ...call(4, "s-first", { ua: "a/1.0" }), request(10, null, { ua: "a/1.0" })];
  const timeline = await timelineOf(log);
  assert.deepEqual(
    timeline.sessions.map((s) => s.id),
    ["s-second", "s-first"],
  );
  assert.deepEqual(
    [...timeline.abandonedSessions].map((s) => s.id),
    ["s-first", "s-second"],
  );
  assert.deepEqual(
    [...timeline.reinitializations].map((r) => [r.kind, r.aliveSessions]),
    [["first", []], ["loss", ["s-first"]], ["loss", ["s-first", "s-second"]]],
  );
});
