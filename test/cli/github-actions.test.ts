import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, runCli } from "../support/run-cli.js";

// Runs the CLI the way README's workflow does: in the workspace, GITHUB_ACTIONS=true, a step summary file.
async function runInActions(args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-gha-"));
  const summary = join(dir, "step-summary.md");
  await writeFile(summary, "earlier step\n");
  const result = await runCli(["analyze", "fixtures/capture-2.jsonl", ...args], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: ROOT });
  return { ...result, summary: await readFile(summary, "utf8") };
}

test("in GitHub Actions: annotations on stderr for failing findings, markdown appended to the step summary", async () => {
  const result = await runInActions(["--fail-on", "error"]);
  assert.equal(result.code, 1);
  const commands = result.stderr.split("\n").filter((line) => line.startsWith("::"));
  assert.deepEqual(commands.map((c) => c.slice(0, c.indexOf("::", 2) + 2)), ["::error file=fixtures/capture-2.jsonl,line=5,title=mcp-forensics session-churn::"]);
  assert.match(commands[0]!, /lost its session 12 time\(s\).*%0Aevidence: fixtures\/capture-2\.jsonl:5, /);
  assert.doesNotMatch(result.stdout, /^::/m, "stdout stays the report");
  assert.match(result.summary, /^earlier step\n/, "appended, not overwritten");
  assert.match(result.summary, /session-churn/);
  assert.match(result.summary, /# /, "markdown");

  const warnings = await runInActions(["--fail-on", "warning", "-f", "json"]);
  assert.equal(warnings.stderr.split("\n").filter((line) => line.startsWith("::warning ")).length, 4);
});

test("--no-github turns annotations and the step summary off", async () => {
  const result = await runInActions(["--no-github"]);
  assert.equal(result.code, 1);
  assert.doesNotMatch(result.stderr, /^::/m);
  assert.equal(result.summary, "earlier step\n");
});

test("outside GitHub Actions nothing is annotated", async () => {
  const result = await runCli(["analyze", "fixtures/capture-2.jsonl", "-f", "json"]);
  assert.doesNotMatch(result.stderr, /^::/m);
});

test("an unwritable step summary is one line on stderr, not a change of exit code", async () => {
  const result = await runCli(["analyze", "fixtures/capture-2.jsonl", "-f", "json", "--fail-on", "never"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "/nonexistent-dir/summary.md" });
  assert.equal(result.code, 0);
  assert.match(result.stderr, /could not append to GITHUB_STEP_SUMMARY \(ENOENT\)/);
});
