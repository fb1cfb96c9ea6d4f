import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ReportSchema, type Report } from "../../src/report.js";
import { fixture, runCli } from "../support/run-cli.js";

async function analyzeJson(name: string, ...flags: string[]): Promise<{ code: number | null; report: Report }> {
  const result = await runCli(["analyze", fixture(name), "--format", "json", ...flags]);
  assert.equal(result.stderr, "");
  return { code: result.code, report: ReportSchema.parse(JSON.parse(result.stdout)) };
}

const verdicts = (report: Report) => Object.fromEntries(report.hypotheses.map((h) => [h.id, h.verdict]));

describe("capture 2: a new session every batch", () => {
  test("reproduces the report's aggregates", async () => {
    const { code, report } = await analyzeJson("capture-2.jsonl");
    assert.equal(code, 1, "session-churn is an error, and --fail-on defaults to error");
    const s = report.summary;
    assert.equal(s.sessionsCreated, 13);
    assert.equal(Math.round((Date.parse(report.sessions.at(-1)!.createdAt!) - Date.parse(report.sessions[0]!.createdAt!)) / 60_000), 22);
    assert.equal(s.requests, 37);
    assert.equal(s.nullSessionInitializeRequests, 13);
    assert.equal(s.requestsWithSessionId, 24);
    assert.equal(s.deleteRequests, 0);
    assert.equal(s.peakActiveSessions, 13);
    assert.deepEqual(s.streamLifetimeMs, { count: 13, min: 125, median: 217, p95: 355, max: 355 });
    assert.equal(s.orphanedSessions, 13);
    assert.equal(s.serverRestarts, 0);
  });

  test("reproduces the session table row for row", async () => {
    const { report } = await analyzeJson("capture-2.jsonl");
    const rows = report.sessions.map((x) => [x.createdAt!.slice(11, 19), x.id.slice(0, 8), x.activeSessions, x.gapSincePreviousMs === null ? "-" : (x.gapSincePreviousMs / 1000).toFixed(1)]);
    assert.deepEqual(rows, [
      ["08:28:46", "59c7c2b5", 1, "-"],
      ["08:28:47", "3602c17d", 2, "0.4"],
      ["08:31:06", "67cd9106", 3, "138.9"],
      ["08:31:20", "6c2778bb", 4, "14.6"],
      ["08:31:27", "011ef8ed", 5, "7.1"],
      ["08:31:34", "4f2b6a05", 6, "6.6"],
      ["08:31:40", "8286125c", 7, "6.6"],
      ["08:36:42", "fb2c9bf5", 8, "301.9"],
      ["08:44:13", "892a482e", 9, "450.2"],
      ["08:44:23", "cb26df0c", 10, "10.1"],
      ["08:44:39", "f1b6cf4e", 11, "16.5"],
      ["08:44:51", "efb85bbe", 12, "12.0"],
      ["08:51:00", "9858e4a2", 13, "368.3"],
    ]);
  });

  test("judges the client and the hypotheses", async () => {
    const { report } = await analyzeJson("capture-2.jsonl");
    assert.deepEqual(
      report.clients.map((c) => [c.userAgent, c.verdict, c.batches, c.losses, c.deletes]),
      [["openai-mcp/1.0.0", "new-session-every-batch", 12, 12, 0]],
    );
    assert.deepEqual(verdicts(report), {
      "server-omits-session-id": "ruled-out",
      "intermediary-strips-header": "ruled-out",
      "server-idle-timeout": "ruled-out",
      "stream-disconnect-causes-loss": "supported",
      "server-side-eviction": "ruled-out",
      "server-restart": "ruled-out",
    });
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of ["session-churn", "missing-delete", "session-accumulation", "duplicate-initialize"]) assert.ok(rules.has(rule), rule);
    const churn = report.findings.find((f) => f.rule === "session-churn")!;
    assert.equal(churn.evidenceCount, 12);
    assert.ok(churn.evidence.every((e) => e.file.endsWith("capture-2.jsonl") && e.line > 0));
    assert.deepEqual(report.batchPatterns[0]!.steps, ["initialize (no session id)", "tools/list (with session id)", "tools/call (with session id)"]);
  });
});

describe("capture 1: session survival, then loss", () => {
  test("sees the survival, the losses and the silent restart", async () => {
    const { code, report } = await analyzeJson("capture-1.jsonl");
    assert.equal(code, 1);
    const [client] = report.clients;
    assert.equal(client!.verdict, "intermittent");
    assert.equal(client!.losses, 3, "07:34:41, 08:19:17 and 08:28:47; 08:28:46 follows the restart");
    assert.equal(report.summary.serverRestarts, 1);
    assert.equal(report.summary.sessionsWipedByRestart, 3);
    const survived = report.timeline.filter((e) => e.type === "requests" && e.afterStreamClosed);
    assert.deepEqual(survived.map((e) => e.type === "requests" && e.count), [11, 2]);
    const initializes = report.timeline.flatMap((e) => (e.type === "initialize" ? [`${e.at.slice(11, 19)} ${e.kind}`] : []));
    assert.deepEqual(initializes, ["07:33:31 first", "07:34:41 loss", "08:19:17 loss", "08:28:46 after-restart", "08:28:47 loss"]);
    assert.equal(verdicts(report)["stream-disconnect-causes-loss"], "ruled-out");
    assert.equal(verdicts(report)["server-idle-timeout"], "ruled-out");
    assert.ok(report.timeline.some((e) => e.type === "idle-gap" && e.ms > 30 * 60_000));
  });
});

describe("well-behaved clients", () => {
  test("a compliant client persists and passes", async () => {
    const { code, report } = await analyzeJson("compliant.jsonl");
    assert.equal(code, 0);
    assert.deepEqual(report.clients.map((c) => c.verdict), ["persists"]);
    assert.equal(report.summary.sessionLosses, 0);
    assert.equal(report.summary.deleteRequests, 1);
    assert.equal(report.sessions[0]!.endedBy, "deleted");
    assert.equal(report.sessions[0]!.reusedAcrossBatches, true);
    assert.deepEqual(report.findings, []);
  });

  test("a re-initialize after a restart and a 404 is not a loss", async () => {
    const { code, report } = await analyzeJson("restart.jsonl");
    assert.equal(code, 0);
    assert.deepEqual(report.clients.map((c) => [c.verdict, c.losses]), [["persists", 0]]);
    assert.equal(report.summary.serverRestarts, 1);
    const unknown = report.findings.find((f) => f.rule === "unknown-session")!;
    assert.match(unknown.message, /re-initialized after 1 of them/);
    assert.ok(report.findings.some((f) => f.rule === "server-restart"));
    assert.ok(!report.findings.some((f) => f.rule === "session-churn"));
  });
});
