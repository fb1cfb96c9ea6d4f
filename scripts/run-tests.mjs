#!/usr/bin/env node
// `npm test`: every compiled test file, with a temporary directory of the run's own as TMPDIR
// (os.tmpdir() in the tests and in the CLI they start), removed once the run ends. The tests write
// logs, reports and generated bench logs there; left in /tmp by each run, they came to 61 GB on a
// developer's machine (the heap-guard test alone writes 152 MB) and filled its disk.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const files = readdirSync("dist/test", { recursive: true })
  .filter((file) => file.endsWith(".test.js"))
  .map((file) => join("dist/test", file))
  .sort();
const root = mkdtempSync(join(tmpdir(), "mcp-forensics-tests-"));
const child = spawn(process.execPath, ["--test", "--test-reporter=spec", ...files], { stdio: "inherit", env: { ...process.env, TMPDIR: root } });
// Ctrl-C reaches the test runner too (one process group): this process waits for it to stop, then cleans up.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  rmSync(root, { recursive: true, force: true });
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
