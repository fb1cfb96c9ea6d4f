import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { at, initialize } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

const DAY = 86_400;

test("sessions whose creation times step back and lie 30 days apart are listed by creation time, their gaps taken in that order", async () => {
  // In log order A, B, C, D; by creation time B, D, A, C. C's time is no Int32 distance in ms from
  // the first (NearNumbers keeps the times as they are then).
  const lines = [...initialize(100, "A", 1), ...initialize(50, "B", 2), ...initialize(100 + 30 * DAY, "C", 3), ...initialize(70, "D", 4)];
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-creation-order-"));
  const log = join(dir, "steps-back.jsonl");
  await writeFile(log, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never"]).finally(() => rm(dir, { recursive: true }));
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  const listed = report.sessions.map((s: { id: string; createdAt: string; gapSincePreviousMs: number | null }) => [s.id, s.createdAt, s.gapSincePreviousMs]);
  assert.deepEqual(listed, [
    ["B", at(50.01), null],
    ["D", at(70.01), 20_000],
    ["A", at(100.01), 30_000],
    ["C", at(100.01 + 30 * DAY), 30 * DAY * 1000],
  ]);
  assert.deepEqual(report.statistics.sessionCreationGapMs, { count: 3, min: 20_000, median: 30_000, p95: 30 * DAY * 1000, max: 30 * DAY * 1000 });
});
