import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, runCli } from "../support/run-cli.js";

test("the JSON report of Capture 2 carries lastSeenAt and the active-sessions series", async () => {
  const { stdout } = await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "json"]);
  const report = JSON.parse(stdout) as { sessions: { createdAt: string; lastSeenAt: string; requests: number }[]; activeSessionsSeries: { active: number }[] };
  assert.equal(report.sessions.length, 13);
  assert.equal(report.sessions[0]!.lastSeenAt, report.sessions[0]!.createdAt);
  assert.equal(report.sessions[1]!.lastSeenAt, "2026-02-27T08:28:47.634Z");
  assert.ok(report.sessions.every((s) => s.lastSeenAt >= s.createdAt));
  assert.equal(report.activeSessionsSeries.length, 13);
  assert.equal(Math.max(...report.activeSessionsSeries.map((p) => p.active)), 13);
});

test("markdown has the Mermaid charts unless --no-charts", async () => {
  const withCharts = await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "markdown"]);
  assert.equal(withCharts.stdout.match(/```mermaid/g)?.length, 2);
  const without = await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "markdown", "--no-charts"]);
  assert.ok(!without.stdout.includes("```mermaid"));
  assert.equal(without.code, withCharts.code);
});
