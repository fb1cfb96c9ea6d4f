import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../support/run-cli.js";

test("bench/session-ids.mjs times the tool on logs of that many sessions, checks the report counts them all, and removes the logs", () => {
  const dir = mkdtempSync(join(tmpdir(), "mcp-forensics-session-ids-"));
  try {
    const run = spawnSync(process.execPath, ["bench/session-ids.mjs", "--ids", "700,2100", "--dir", dir, "--no-build", "--no-results"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout.trim().split("\n").slice(2).map((line) => line.split("|").map((cell) => cell.trim()));
    assert.deepEqual(
      rows.map((cells) => cells[1]),
      ["700", "2,100"],
    );
    for (const cells of rows) assert.match(cells[4]!, /^\d{2,3},\d{3}$/, "a peak RSS in KiB");
    assert.match(rows[1]![5]!, /^-?\d+\.\d MiB$/);
    assert.deepEqual(readdirSync(dir), []);
    // A log left from before that the tool cannot count (here, no events): the tool's own line, and the log not kept.
    writeFileSync(join(dir, "session-ids-50.jsonl"), '{"x":1}\n');
    const failed = spawnSync(process.execPath, ["bench/session-ids.mjs", "--ids", "50", "--dir", dir, "--keep", "--no-build", "--no-results"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /failed \(exit 2\): mcp-forensics: .*session-ids-50\.jsonl: no events/);
    assert.deepEqual(readdirSync(dir), []);
    const refused = spawnSync(process.execPath, ["bench/session-ids.mjs", "--ids", "0"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--ids takes counts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
