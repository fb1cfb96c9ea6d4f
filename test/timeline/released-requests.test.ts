import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { analyzeLog } from "../../src/analyze.js";
import { analyzers } from "../../src/analyzers/index.js";
import { runAnalyzers } from "../../src/analyzers/run-analyzers.js";
import { IdleBeforeLoss } from "../../src/hypotheses/idle-before-loss.js";
import { decideHypotheses } from "../../src/hypotheses/index.js";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { Timeline } from "../../src/timeline/model.js";
import { ClientRequestCounts } from "../../src/timeline/client-request-counts.js";
import { RequestCounts } from "../../src/timeline/request-counts.js";
import { ANSWERED, DELETE, INITIALIZE, NOT_INITIALIZE, ReleasedRequests } from "../../src/timeline/released-requests.js";
import { requestRows } from "../../src/timeline/rows.js";
import { call, closed, initialize, request, response } from "../support/log-lines.js";
import { seededRandom } from "../support/seeded-random.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/**
 * Two clients' sessions with every kind of request the chunk's flags tell apart: initializes, calls
 * answered 200 or 404, DELETEs, a GET, requests of unknown kind without an id (some answered with
 * an id, so inferred initializes), answers without a status, requests never answered, losses.
 */
function mixedLog(seed: number): Line[] {
  const { int, pick } = seededRandom(seed);
  const lines: Line[] = [];
  const open: string[][] = [[], []];
  let next = 0;
  for (let t = 0; t < 400; t++) {
    const c = int(2);
    const ua = `c${c}/1.0`;
    const mine = open[c]!;
    // An initialize while the client's sessions live on is a loss (IdleBeforeLoss weighs those).
    const action = mine.length === 0 ? 0 : int(10);
    if (action === 0 || action === 9) {
      const sid = `s${next++}`;
      lines.push(...initialize(t, sid, null, { ua }));
      mine.push(sid);
    } else if (action <= 2) lines.push(...call(t, pick(mine), { ua }, pick([200, 404, 500])));
    else if (action === 3) {
      const req = request(t, mine.splice(int(mine.length), 1)[0]!, { ua, method: "DELETE", rpc: null });
      lines.push(req, response(t + 0.05, req, req.mcp_session_id as string));
    } else if (action === 4) lines.push(request(t, pick(mine), { ua, method: "GET", rpc: null }));
    else if (action === 5) {
      const req: Line = { ...request(t, null, { ua, rpc: null }) };
      delete req.is_initialize;
      const sid = `u${next++}`;
      lines.push(req);
      if (int(2) === 0) {
        lines.push(response(t + 0.1, req, sid));
        mine.push(sid);
      }
    } else if (action === 6) {
      const req = request(t, pick(mine), { ua });
      const { status: _, ...answer } = response(t + 0.05, req, req.mcp_session_id as string);
      lines.push(req, answer);
    } else if (action === 7) lines.push(request(t, pick(mine), { ua }));
    else lines.push(closed(t, mine.splice(int(mine.length), 1)[0]!));
  }
  return lines;
}

test("a chunk's columns hold what each row's record reads", async () => {
  const timeline = await timelineTrailing(mixedLog(3), Infinity);
  const table = requestRows(timeline).table;
  // A session of its own for each id's number, none for some (as a filter drops them).
  const made = new Map<number, LoggedSession>();
  const sessionOf = (code: number): LoggedSession | null => {
    if (code % 5 === 0) return null;
    if (!made.has(code)) made.set(code, { ordinal: code } as unknown as LoggedSession);
    return made.get(code)!;
  };
  const released = new ReleasedRequests(table, sessionOf, 7);
  const seen = { initialize: 0, notInitialize: 0, unknownKind: 0, answered: 0, unanswered: 0, deletes: 0, noStatus: 0, notFound: 0 };
  for (let from = 0; from < table.length; from += released.capacity) {
    released.clear();
    const to = Math.min(table.length, from + released.capacity);
    for (let row = from; row < to; row++) released.read(row, row % 3 !== 0);
    assert.equal(released.length, to - from);
    released.findSessions();
    for (let i = 0; i < released.length; i++) {
      const row = from + i;
      const r = table.record(row);
      const at = `row ${row}`;
      assert.equal(released.rows[i], row, at);
      assert.equal(released.kept[i], row % 3 !== 0 ? 1 : 0, at);
      assert.equal(released.seq[i], r.seq, at);
      assert.equal(released.at[i], r.at, at);
      assert.equal(released.clientCode[i], r.clientCode, at);
      assert.equal(released.sessionCode[i], r.sessionCode, at);
      assert.equal(released.sessions[i], r.sessionCode >= 0 ? sessionOf(r.sessionCode) : null, at);
      assert.equal(released.batch[i], r.batch, at);
      assert.equal(released.httpMethodCode[i], r.httpMethodCode, at);
      assert.equal(released.rpcMethodCode[i], r.rpcMethodCode, at);
      const flags = released.flags[i]!;
      assert.equal((flags & INITIALIZE) !== 0 ? true : (flags & NOT_INITIALIZE) !== 0 ? false : null, r.isInitialize, at);
      assert.equal((flags & ANSWERED) !== 0, r.hasResponse, at);
      assert.equal((flags & DELETE) !== 0, r.httpMethod === "DELETE", at);
      assert.equal(Number.isNaN(released.status[i]!) ? null : released.status[i], r.responseStatus, at);
      assert.equal(released.requestAt(i).row, row, at);
      seen.initialize += r.isInitialize === true ? 1 : 0;
      seen.notInitialize += r.isInitialize === false ? 1 : 0;
      seen.unknownKind += r.isInitialize === null ? 1 : 0;
      seen.answered += r.hasResponse ? 1 : 0;
      seen.unanswered += r.hasResponse ? 0 : 1;
      seen.deletes += r.httpMethod === "DELETE" ? 1 : 0;
      seen.noStatus += r.hasResponse && r.responseStatus === null ? 1 : 0;
      seen.notFound += r.responseStatus === 404 ? 1 : 0;
    }
  }
  // Every kind came, or the comparisons above prove less than they say.
  for (const [kind, count] of Object.entries(seen)) assert.ok(count > 0, kind);
  assert.ok(made.size > 1);
});

test("the report is the same however few requests a chunk holds, filtered or not", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-chunks-"));
  const path = join(dir, "mixed.jsonl");
  await writeFile(path, mixedLog(5).map((line) => JSON.stringify(line)).join("\n") + "\n");
  const capacity = ReleasedRequests.capacity;
  t.after(() => {
    ReleasedRequests.capacity = capacity;
  });
  for (const filter of [
    { client: null, session: null },
    { client: "c1/1.0", session: null },
  ]) {
    const options = { batchGapMs: 2000, from: null, to: null, ...filter, strict: false, toolVersion: "test", rules: {} };
    ReleasedRequests.capacity = capacity;
    const whole = await analyzeLog(path, options);
    assert.ok(whole.findings.length > 0);
    for (const small of [1, 2, 5]) {
      ReleasedRequests.capacity = small;
      assert.deepEqual(await analyzeLog(path, options), whole, `chunks of ${small}, ${JSON.stringify(filter)}`);
    }
  }
});

/** What the observers of requests gathered, as the rules, the hypotheses and the report's counts read it. */
function readOut(timeline: Timeline) {
  const { tallies } = timeline;
  const clients = tallies.of(ClientRequestCounts);
  return {
    findings: runAnalyzers(analyzers, timeline),
    hypotheses: decideHypotheses(timeline),
    counts: tallies.of(RequestCounts).counts,
    clients: [clients.initializes, clients.deletes],
    // Told requests a chunk at a time, and re-initializes after their requests.
    shortestIdleBeforeLoss: tallies.of(IdleBeforeLoss).shortest(),
  };
}

test("the observers gather the same however few requests a chunk holds, the walk trailing the reading by a few events", async (t) => {
  const lines = mixedLog(8);
  const capacity = ReleasedRequests.capacity;
  t.after(() => {
    ReleasedRequests.capacity = capacity;
  });
  for (const lag of [1, 3, Infinity]) {
    ReleasedRequests.capacity = capacity;
    const whole = readOut(await timelineTrailing(lines, lag));
    assert.notEqual(whole.shortestIdleBeforeLoss, null);
    for (const small of [1, 2, 5]) {
      ReleasedRequests.capacity = small;
      assert.deepEqual(readOut(await timelineTrailing(lines, lag)), whole, `chunks of ${small}, lag ${lag}`);
    }
  }
});
