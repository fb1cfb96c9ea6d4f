import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { call, initialize } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

const a = { ua: "a/1" };
const b = { ua: "b/1" };

/** server-idle-timeout's verdict and evidence lines, as the CLI reports them with `args`. */
async function idleTimeout(lines: readonly Record<string, unknown>[], args: readonly string[]) {
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-idle-")), "case.jsonl");
  await writeFile(log, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never", ...args]);
  assert.equal(result.code, 0, result.stderr);
  const found = JSON.parse(result.stdout).hypotheses.find((h: { id: string }) => h.id === "server-idle-timeout");
  return { verdict: found.verdict as string, lines: found.evidence.map((e: { line: number }) => e.line) as number[] };
}

test("server-idle-timeout weighs the shortest idle before a loss against the longest a session survived, whole and filtered", async () => {
  const lines = [
    ...initialize(0, "A", null, a), // 1–3
    ...call(100, "A", a), // 4–5: A used again after 100 s
    ...initialize(110, "B", null, a), // 6–8: a loss naming A, idle 10 s
    ...initialize(120, "X", null, b), // 9–11
    ...call(125, "X", b), // 12–13
    ...initialize(127, "Y", null, b), // 14–16: a loss naming X, idle 2 s
    ...call(127.5, "X", b), // 17–18: X used after the loss, which does not count
  ];
  assert.deepEqual(await idleTimeout(lines, []), { verdict: "ruled-out", lines: [4, 14] });
  assert.deepEqual(await idleTimeout(lines, ["--client", "a/1"]), { verdict: "ruled-out", lines: [4, 6] });
  // b's sessions survived 5 s at most: still longer than X's 2 s before its loss.
  assert.deepEqual(await idleTimeout(lines, ["--client", "b/1"]), { verdict: "ruled-out", lines: [12, 14] });
  // Y's initialize is not X's: the filtered timeline has no loss.
  assert.deepEqual(await idleTimeout(lines, ["--session", "X"]), { verdict: "not-enough-evidence", lines: [] });
});
