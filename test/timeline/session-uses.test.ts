import assert from "node:assert/strict";
import { test } from "node:test";
import { describeClientBehaviour } from "../../src/timeline/client-behaviour.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { RecordList, Session, Timeline } from "../../src/timeline/model.js";
import { SessionUses } from "../../src/timeline/session-uses.js";
import { creationTime } from "../../src/timeline/session-usage.js";
import { call, created, initialize, request, response } from "../support/log-lines.js";
import { timelineTrailing } from "../support/trailing-walk.js";
import { seededInts } from "../support/seeded-random.js";

type Line = Record<string, unknown>;

const AGENTS = ["a/1.0", "b/1.0", "c/1.0"];

/**
 * A seeded log of three clients whose sessions are used in one batch or several (gaps past the
 * 2 s batch gap), now and then by another client, some never initialized, and some tied to their
 * initialize late: by a session_created line or an answer logged after the session's first uses,
 * or by a second initialize answered with the same id; a use's time now and then steps back.
 */
function randomLog(seed: number, steps = 500): Line[] {
  const random = seededInts(seed);
  const lines: Line[] = [];
  const sessions: string[] = [];
  // Lines to log later, at the step they are due.
  const due: { step: number; line: () => Line }[] = [];
  let t = 0;
  let next = 0;
  const owners = new OwnerAgents(lines);
  for (let step = 0; step < steps; step++) {
    t += random(6) === 0 ? 3 : 0.1;
    for (let i = due.length - 1; i >= 0; i--) {
      if (due[i]!.step > step) continue;
      lines.push(due[i]!.line());
      due.splice(i, 1);
    }
    const ua = AGENTS[random(AGENTS.length)]!;
    const action = sessions.length === 0 ? 0 : random(12);
    const at = t;
    if (action < 2) {
      const sid = `s${next++}`;
      lines.push(...initialize(t, sid, null, { ua }));
      sessions.push(sid);
    } else if (action === 2) {
      // Created by a session_created line logged after its first uses.
      const sid = `s${next++}`;
      lines.push(request(t, null, { ua }));
      sessions.push(sid);
      due.push({ step: step + 1 + random(30), line: () => created(at + 0.01, sid) });
    } else if (action === 3) {
      // Answered after its first uses.
      const sid = `s${next++}`;
      const req = request(t, null, { ua });
      lines.push(req);
      sessions.push(sid);
      due.push({ step: step + 1 + random(30), line: () => response(at + 0.02, req, sid) });
    } else if (action === 4) {
      // A second initialize answered with a known id, now or later.
      const sid = sessions[random(sessions.length)]!;
      const req = request(t, null, { ua });
      lines.push(req);
      due.push({ step: step + random(20), line: () => response(at + 0.02, req, sid) });
    } else if (action === 5) {
      // Used, never initialized.
      const sid = `u${next++}`;
      lines.push(...call(t, sid, { ua }));
      sessions.push(sid);
    } else {
      // Mostly by the client that made it: the session ids are tried by one client in four.
      const sid = sessions[Math.max(0, sessions.length - 1 - random(8))]!;
      // A log's times can step back.
      lines.push(...call(random(8) === 0 ? t - 0.5 : t, sid, { ua: random(4) === 0 ? ua : owners.of(sid) ?? ua }));
    }
  }
  for (const { line } of due) lines.push(line());
  return lines;
}

/**
 * The agent of the request that first named a session id, or of the initialize it answered: each
 * id's first line found in one pass over the lines as they grow, so that a long log is made in
 * linear time.
 */
class OwnerAgents {
  private readonly firstLines = new Map<unknown, Line>();
  private scanned = 0;

  constructor(private readonly lines: readonly Line[]) {}

  of(sid: string): string | undefined {
    for (; this.scanned < this.lines.length; this.scanned++) {
      const line = this.lines[this.scanned]!;
      for (const id of [line.mcp_session_id, line.session_id]) if (id !== undefined && !this.firstLines.has(id)) this.firstLines.set(id, line);
    }
    const first = this.firstLines.get(sid);
    if (first?.event === "mcp_request_headers") return first.user_agent as string;
    if (first?.event === "mcp_response_headers") return this.lines.find((l) => l.request_id === first.request_id)!.user_agent as string;
    return undefined;
  }
}

const told = (timeline: Timeline) => timeline.tallies.of(SessionUses);

/** Its uses as records, its initialize first: what the report and the clients' table read before SessionUses. */
const usesOf = (session: Session) => (session.createdBy ? [session.createdBy, ...session.requests] : [...session.requests]);

/** Used in another batch or by another client than its first use; never without a request. */
function isReusedSlowly(session: Session): boolean {
  const [first] = usesOf(session);
  return [...session.requests].some((r) => r.batch !== first!.batch || r.clientKey !== first!.clientKey);
}

/**
 * Its first use's batch, and one more at each change of batch from one request to the next; a
 * session used by several clients counts its distinct batches. Not always the distinct batches of
 * one client: an initialize tied late may lie in a batch of the session's later requests.
 */
function batchesOf(session: Session): number {
  const uses = usesOf(session);
  if (uses.length === 0) return 0;
  const { clientKey } = uses[0]!;
  let count = 1;
  let previous = uses[0]!.batch;
  for (const r of session.requests) {
    if (r.clientKey !== clientKey) return new Set(uses.map((u) => `${u.clientKey}#${u.batch}`)).size;
    if (r.batch !== previous) count++;
    previous = r.batch;
  }
  return count;
}

/** The latest of its creation's and its requests' times. */
const latestSlowly = (session: Session) => Math.max(creationTime(session), ...[...session.requests].map((r) => r.at));

/** What SessionUses answers for `session`, as the report reads it. */
function answers(uses: SessionUses, session: LoggedSession) {
  return { reused: uses.isReused(session), batches: uses.batchCount(session), latest: Math.max(creationTime(session), uses.latestRequestAt(session)) };
}

const slowly = (session: Session) => ({ reused: isReusedSlowly(session), batches: batchesOf(session), latest: latestSlowly(session) });

test("a session's reuse, batches and latest time gathered as the walk tells its requests are those read from its records, whatever the lag, late initializes included", async () => {
  let reused = 0;
  let onlyByInitialize = 0;
  let late = 0;
  let batches = 0;
  let severalClients = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const lines = randomLog(seed);
    for (const lag of [1, 3, 40, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      const reuse = told(timeline);
      for (const session of timeline.sessions as RecordList<Session> as RecordList<LoggedSession>) {
        const expected = slowly(session);
        assert.deepEqual(answers(reuse, session), expected, `seed ${seed}, lag ${lag}, ${session.id}`);
        if (expected.reused) reused++;
        // Reused though all its requests came in one batch from one client: its initialize was elsewhere.
        if (expected.reused && new Set([...session.requests].map((r) => `${r.clientKey}#${r.batch}`)).size === 1) onlyByInitialize++;
        if (expected.batches > 2) batches++;
        if (new Set([...session.requests].map((r) => r.clientKey)).size > 1) severalClients++;
      }
      late += reuse.lateInitializes;
    }
  }
  // The logs exercise what they are for: reuse of both kinds, initializes tied after the first uses were told, many batches, several clients.
  assert.ok(reused > 1000 && onlyByInitialize > 300 && late > 100 && batches > 300 && severalClients > 100, `${reused} reused, ${onlyByInitialize} by their initialize only, ${late} late, ${batches} in 3 batches or more, ${severalClients} used by several clients`);
});

test("a filtered timeline's sessions are reused, used in batches and last seen as in the whole, and its clients count their reuse so", async () => {
  for (const seed of [6, 7, 8]) {
    const lines = randomLog(seed);
    for (const lag of [2, Infinity]) {
      const whole = await timelineTrailing(lines, lag);
      for (const filter of [
        { client: "b/", session: null },
        { client: null, session: "s1" },
        { client: "a/", session: "u" },
      ]) {
        const filtered = filterTimeline(whole, filter);
        const sessions = [...filtered.sessions] as LoggedSession[];
        assert.ok(sessions.length > 0, `seed ${seed}, ${JSON.stringify(filter)}`);
        for (const session of sessions) assert.deepEqual(answers(told(filtered), session), slowly(session), `seed ${seed}, lag ${lag}, ${JSON.stringify(filter)}, ${session.id}`);
        for (const client of filtered.clients) {
          const owned = sessions.filter((s) => s.owner === client.key);
          assert.equal(describeClientBehaviour(client, filtered).sessionsReusedAcrossBatches, owned.filter(isReusedSlowly).length, `seed ${seed}, lag ${lag}, ${JSON.stringify(filter)}, ${client.key}`);
        }
      }
    }
  }
});

test("with few slots and few blocks in memory, the sessions' uses leave both and come back as they were", async () => {
  const { slotCount, residentBlocks } = SessionUses;
  // Eight slots for sessions used among the newest eight; two blocks of 4,096 sessions, of three.
  SessionUses.slotCount = 8;
  SessionUses.residentBlocks = 2;
  try {
    const lines = randomLog(9, 24_000);
    for (const lag of [3, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      const reuse = told(timeline);
      const sessions = timeline.sessions as RecordList<Session> as RecordList<LoggedSession>;
      assert.ok(sessions.length > 2 * 4096, `${sessions.length} sessions`);
      assert.ok(reuse.spilledBlocks > 0, "no block left memory");
      for (const session of sessions) assert.deepEqual(answers(reuse, session), slowly(session), `lag ${lag}, ${session.id}`);
      assert.ok(reuse.blocksReadBack > 0, "no block was read back");
    }
  } finally {
    SessionUses.slotCount = slotCount;
    SessionUses.residentBlocks = residentBlocks;
  }
});
