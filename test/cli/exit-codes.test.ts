import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fixture, runCli } from "../support/run-cli.js";

const oneLine = (text: string) => text.trim().split("\n").length === 1;

test("--fail-on never turns findings into exit 0; --fail-on warning fails on warnings", async () => {
  assert.equal((await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "json", "--fail-on", "never"])).code, 0);
  assert.equal((await runCli(["analyze", fixture("restart.jsonl"), "--format", "json", "--fail-on", "warning"])).code, 1);
});

test("a missing file, a directory and bad flags exit 2 with one line and no stack", async () => {
  for (const args of [
    ["analyze", "no-such.jsonl"],
    ["analyze", fixture("")],
    ["analyze", fixture("capture-2.jsonl"), "--format", "yaml"],
    ["analyze", fixture("capture-2.jsonl"), "--batch-gap", "soon"],
    ["analyze", fixture("capture-2.jsonl"), "--from", "yesterday"],
    ["analyze", fixture("capture-2.jsonl"), "--no-such-flag"],
    ["frobnicate"],
  ]) {
    const result = await runCli(args);
    assert.equal(result.code, 2, args.join(" "));
    assert.ok(oneLine(result.stderr), `one line for ${args.join(" ")}: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    assert.equal(result.stdout, "");
  }
});

test("malformed lines are skipped, listed with file:line and reason, and the rest is analyzed", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-"));
  const log = join(dir, "broken.jsonl");
  const good = (await readFile(fixture("compliant.jsonl"), "utf8")).split("\n").filter(Boolean);
  await writeFile(log, [good[0], "{not json", '"a string"', '{"event":"session_created","timestamp":"later","session_id":"x"}', ...good.slice(1), '{"event":"mcp_request_he'].join("\n"));
  const result = await runCli(["analyze", log, "--format", "json"]);
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdout);
  assert.equal(report.input.skippedCount, 4);
  assert.deepEqual(report.input.skipped.map((s: { line: number }) => s.line), [2, 3, 4, 44]);
  assert.match(report.input.skipped[0].reason, /invalid JSON/);
  assert.match(report.input.skipped[1].reason, /not a JSON object/);
  assert.match(report.input.skipped[2].reason, /timestamp/);
  assert.match(report.input.skipped[3].reason, /truncated last line/);
  assert.equal(report.input.lines, report.input.events + report.input.skippedCount);
  assert.equal(report.clients[0].verdict, "persists");
  assert.match(result.stderr, /skipped 4 malformed line\(s\); first: .*broken\.jsonl:2: invalid JSON/);

  const strict = await runCli(["analyze", log, "--strict"]);
  assert.equal(strict.code, 2);
  assert.match(strict.stderr, /^mcp-forensics: .*broken\.jsonl:2: invalid JSON/);
  assert.ok(oneLine(strict.stderr));
});

test("--from/--to, --client, --session and -o narrow and redirect the report", async () => {
  const windowed = JSON.parse((await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "json", "--from", "2026-02-27T08:40:00Z"])).stdout);
  assert.deepEqual(windowed.sessions.map((s: { id: string }) => s.id.slice(0, 8)), ["892a482e", "cb26df0c", "f1b6cf4e", "efb85bbe", "9858e4a2"]);
  assert.ok(windowed.input.outsideWindow > 0);

  const nobody = JSON.parse((await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "json", "--client", "claude"])).stdout);
  assert.equal(nobody.summary.requests, 0);

  const one = JSON.parse((await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "json", "--session", "67cd9106"])).stdout);
  assert.deepEqual(one.sessions.map((s: { id: string }) => s.id.slice(0, 8)), ["67cd9106"]);
  assert.equal(one.summary.requests, 3);

  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-"));
  const out = join(dir, "report.md");
  const written = await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "markdown", "-o", out]);
  assert.equal(written.stdout, "");
  assert.match(await readFile(out, "utf8"), /08:51:00Z/);
});

test("a malformed line's escape sequence reaches stderr made visible, never raw", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-"));
  const log = join(dir, "hostile.jsonl");
  await writeFile(log, `x\x1b[31mRED\n${(await readFile(fixture("compliant.jsonl"), "utf8"))}`);
  const result = await runCli(["analyze", log, "--format", "markdown"]);
  assert.equal(result.code, 0);
  assert.ok(!result.stderr.includes("\x1b"), "no raw ESC on stderr");
  assert.ok(!result.stdout.includes("\x1b"), "no raw ESC on stdout");
  assert.match(result.stderr, /\\x1b/);
});
