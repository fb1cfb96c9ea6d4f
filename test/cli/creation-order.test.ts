import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { at, initialize } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";
import { seededRandom } from "../support/seeded-random.js";

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

/** The report's creation gaps of `times` (seconds), as its statistics define them: sorted, the median the middle one (or two's mean), p95 the one at ceil(0.95 n) - 1. */
function creationGaps(times: readonly number[]) {
  const ms = times.map((t) => Date.parse(at(t + 0.01))).sort((a, b) => a - b);
  const gaps = ms.slice(1).map((m, k) => m - ms[k]!);
  const sorted = [...gaps].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { count: n, min: sorted[0], median, p95: sorted[Math.ceil(0.95 * n) - 1], max: sorted[n - 1] };
}

test("1,500 sessions created in log order: the first 1,000 listed, the gaps those of all, whether a last one steps back before them all or not", async () => {
  const random = seededRandom(38);
  const times: number[] = [];
  // Gaps of 0 to 4.999 s, some 0 (equal times): cumulative, so creation order is log order.
  for (let k = 0, t = 0; k < 1500; k++, t += random.int(5) === 0 ? 0 : random.int(5000) / 1000) times.push(Math.round(t * 1000) / 1000);
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-creation-order-"));
  try {
    for (const stepsBack of [false, true]) {
      const all = stepsBack ? [...times, -60] : times;
      const log = join(dir, `${stepsBack}.jsonl`);
      await writeFile(log, all.flatMap((t, k) => initialize(t, `s${k}`, null, { ua: `c${k % 7}/1.0` })).map((l) => JSON.stringify(l)).join("\n") + "\n");
      const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never"]);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout);
      assert.equal(report.summary.sessionsCreated, all.length);
      assert.equal(report.sessionsOmitted, all.length - 1000);
      const expectedIds = stepsBack ? ["s1500", ...times.slice(0, 999).map((_, k) => `s${k}`)] : times.slice(0, 1000).map((_, k) => `s${k}`);
      assert.deepEqual(
        report.sessions.map((s: { id: string }) => s.id),
        expectedIds,
        `stepsBack ${stepsBack}`,
      );
      assert.deepEqual(report.statistics.sessionCreationGapMs, creationGaps(all), `stepsBack ${stepsBack}`);
      // Every gap listed is the one to the session listed before.
      const listedAt = report.sessions.map((s: { createdAt: string }) => Date.parse(s.createdAt));
      assert.deepEqual(
        report.sessions.slice(1).map((s: { gapSincePreviousMs: number }) => s.gapSincePreviousMs),
        listedAt.slice(1).map((m: number, k: number) => m - listedAt[k]),
      );
    }
  } finally {
    await rm(dir, { recursive: true });
  }
});
