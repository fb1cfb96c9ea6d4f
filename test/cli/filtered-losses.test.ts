import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { call, disconnected, initialize, started } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

/*
 * The losses as the report and the restart and eviction hypotheses count them once `--client` or
 * `--session` narrowed the timeline, and each client's (the clients table, session-churn), and
 * whether every one followed a closed stream: told in the walk (ReinitializationTally, LossIdleGaps,
 * LossesByClient, LossWithOpenStreams), they are told again for the filtered timeline's re-initializes. The expected values are what the report and the rules gave
 * when they read the filtered timeline's re-initializes after the fold.
 */

const a = { ua: "a/1" };
const b = { ua: "b/1" };
const lines = [
  ...initialize(0, "A1", null, a), // 1–3
  ...call(1, "A1", a), // 4–5
  ...initialize(3, "A2", null, a), // 6–8: a loses A1, 2 s after its call
  ...initialize(4, "B1", null, b), // 9–11
  ...call(4.5, "B1", b), // 12–13
  ...initialize(8, "B2", null, b), // 14–16: b loses B1, 3.5 s after its call
  started(9, 2), // 17
  ...initialize(10, "A3", null, a), // 18–20: after the restart
  ...initialize(11, "B3", null, b), // 21–23: after the restart
  ...call(11.5, "B3", b), // 24–25
  ...initialize(13, "B4", null, b), // 26–28: b loses B3, 1.5 s after its call
];

async function reportOf(logLines: readonly Record<string, unknown>[], args: readonly string[]) {
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-losses-")), "case.jsonl");
  await writeFile(log, logLines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never", ...args]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function losses(...args: string[]) {
  const report = await reportOf(lines, args);
  const hypothesis = (id: string) => {
    const found = report.hypotheses.find((h: { id: string }) => h.id === id);
    return { verdict: found.verdict, numbers: (found.reason.match(/\d+/g) ?? []).map(Number), lines: found.evidence.map((e: { line: number }) => e.line) };
  };
  const churn = report.findings.filter((f: { rule: string }) => f.rule === "session-churn").map((f: { client: string; evidenceCount: number; evidence: { line: number }[] }) => [f.client, f.evidenceCount, f.evidence.map((e) => e.line)]);
  return {
    count: report.summary.sessionLosses,
    idleGaps: report.statistics.idleGapBeforeLossMs,
    restart: hypothesis("server-restart"),
    eviction: hypothesis("server-side-eviction"),
    byClient: report.clients.map((c: { key: string; losses: number }) => [c.key, c.losses]),
    churn,
  };
}

const gaps = (...sorted: number[]) => ({ count: sorted.length, min: sorted[0], median: sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2, p95: sorted.at(-1), max: sorted.at(-1) });

test("losses, their idle gaps, the hypotheses' counts and lines, and each client's losses, whole and narrowed by client or session", async () => {
  assert.deepEqual(await losses(), {
    count: 3,
    idleGaps: gaps(1500, 2000, 3500),
    restart: { verdict: "ruled-out", numbers: [3, 1, 2], lines: [6, 14, 26, 17] },
    eviction: { verdict: "ruled-out", numbers: [3, 4], lines: [6, 14, 26] },
    byClient: [["a/1", 1], ["b/1", 2]],
    churn: [["a/1", 1, [6]], ["b/1", 2, [14, 26]]],
  });
  assert.deepEqual(await losses("--client", "a/1"), {
    count: 1,
    idleGaps: gaps(2000),
    restart: { verdict: "ruled-out", numbers: [1, 1, 1], lines: [6, 17] },
    eviction: { verdict: "ruled-out", numbers: [1, 4], lines: [6] },
    byClient: [["a/1", 1]],
    churn: [["a/1", 1, [6]]],
  });
  assert.deepEqual(await losses("--client", "b/1"), {
    count: 2,
    idleGaps: gaps(1500, 3500),
    restart: { verdict: "ruled-out", numbers: [2, 1, 1], lines: [14, 26, 17] },
    eviction: { verdict: "ruled-out", numbers: [2, 4], lines: [14, 26] },
    byClient: [["b/1", 2]],
    churn: [["b/1", 2, [14, 26]]],
  });
  // B3 is lost at line 26, but the filtered timeline keeps B3's own initialize only: after the restart.
  assert.deepEqual(await losses("--session", "B3"), {
    count: 0,
    idleGaps: { count: 0, min: null, median: null, p95: null, max: null },
    restart: { verdict: "supported", numbers: [1], lines: [17] },
    eviction: { verdict: "not-enough-evidence", numbers: [], lines: [] },
    byClient: [["b/1", 0]],
    churn: [],
  });
  assert.deepEqual(await losses("--session", "A2"), {
    count: 1,
    idleGaps: gaps(2000),
    restart: { verdict: "ruled-out", numbers: [1], lines: [6, 17] },
    eviction: { verdict: "ruled-out", numbers: [1, 4], lines: [6] },
    byClient: [["a/1", 1]],
    churn: [["a/1", 1, [6]]],
  });
});

test("whether every loss followed a closed stream, whole and narrowed by client or session", async () => {
  const closing = [
    ...initialize(0, "A1", null, a), // 1–3
    ...call(1, "A1", a), // 4–5
    disconnected(2, "A1", 1000), // 6
    ...initialize(3, "A2", null, a), // 7–9: a loses A1, whose stream had closed
    ...initialize(4, "B1", null, b), // 10–12
    ...call(4.5, "B1", b), // 13–14
    ...initialize(8, "B2", null, b), // 15–17: b loses B1, whose stream closes only after
    disconnected(9, "B1", 4500), // 18
  ];
  const verdict = async (...args: string[]) => {
    const found = (await reportOf(closing, args)).hypotheses.find((h: { id: string }) => h.id === "stream-disconnect-causes-loss");
    return [found.verdict, found.evidence.map((e: { line: number }) => e.line)];
  };
  // The expected values are what the hypothesis gave reading the filtered timeline's losses after the fold.
  assert.deepEqual(await verdict(), ["not-enough-evidence", []]);
  assert.deepEqual(await verdict("--client", "a/1"), ["supported", [7]]);
  assert.deepEqual(await verdict("--client", "b/1"), ["not-enough-evidence", []]);
  // A1's own requests and initialize: a's loss (A2's initialize) is not kept.
  assert.deepEqual(await verdict("--session", "A1"), ["not-enough-evidence", []]);
});
