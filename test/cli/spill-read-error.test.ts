import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { call, initialize } from "../support/log-lines.js";
import { ROOT, runCli } from "../support/run-cli.js";

/**
 * Preloaded into the real binary: the table `table` (RequestTable, LineTable or SessionTable, exported by
 * `module`) keeps one block in memory (so a log of a few blocks spills), and every read of a spill
 * file (a file opened "wx+" with a `.blocks` name) fails as a failing disk does. The reading
 * thread preloads it too, and reads no such file.
 */
function failingDisk(module: string, table: string): string {
  const url = pathToFileURL(join(ROOT, "dist/src/timeline", module)).href;
  return `
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { ${table} } from ${JSON.stringify(url)};
${table}.residentBlocks = 1;
const spill = new Set();
const { openSync, readSync } = fs;
fs.openSync = (path, flags, ...rest) => {
  const fd = openSync(path, flags, ...rest);
  if (flags === "wx+" && String(path).endsWith(".blocks")) spill.add(fd);
  return fd;
};
fs.readSync = (fd, ...rest) => {
  if (spill.has(fd)) throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO", errno: -5, syscall: "read" });
  return readSync(fd, ...rest);
};
syncBuiltinESMExports();
`;
}

/** The CLI on `lines` written as a log, with `table` keeping one block in memory and every read of a spill file failing (failingDisk). */
async function analyzeOnFailingDisk(lines: Record<string, unknown>[], module: string, table: string) {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-spill-"));
  try {
    const preload = join(dir, "failing-disk.mjs");
    await writeFile(preload, failingDisk(module, table));
    const log = join(dir, "events.jsonl");
    await writeFile(log, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    return await runCli(["analyze", log, "--format", "json"], { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, TMPDIR: dir });
  } finally {
    await rm(dir, { recursive: true });
  }
}

test("a spill file that cannot be read back ends the run with one line and exit code 2, not an internal error", async () => {
  // Three blocks of requests (16,384 rows each): with one block kept, the older two are spilled and read back after the fold.
  const lines = [...initialize(0, "s1", 1)];
  for (let i = 0; i < 3 * 16_384; i++) lines.push(...call(1 + i / 1000, "s1"));
  const { code, stdout, stderr } = await analyzeOnFailingDisk(lines, "records.js", "RequestTable");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^mcp-forensics: the temporary file holding the request table's older rows \(in .*\) could not be read back \(EIO\); the analysis cannot go on without them\n$/);
});

test("a line table's spill file that cannot be read back names the line table", async () => {
  // Three blocks of stream closures (4,096 lines each): the report reads every closure's elapsed time back after the fold.
  const lines: Record<string, unknown>[] = [...initialize(0, "s1", 1)];
  for (let i = 0; i < 3 * 4_096; i++) lines.push({ event: "client_disconnected", timestamp: new Date(Date.UTC(2026, 2, 2) + 1000 + i).toISOString(), session_id: "s1", elapsed_ms: i });
  // long-stream, a rule, is the first to read the closures back: the spill's line, not the rule's internal error (run-analyzers.ts).
  const { code, stdout, stderr } = await analyzeOnFailingDisk(lines, "line-table.js", "LineTable");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^mcp-forensics: the temporary file holding the line table's older rows \(in .*\) could not be read back \(EIO\); the analysis cannot go on without them\n$/);
});

test("a session table's spill file that cannot be read back names the session table", async () => {
  // Three blocks of sessions (4,096 each): the walk reads back none of them, the passes after it all.
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < 3 * 4_096; i++) lines.push(...initialize(i / 100, `s${i}`, null));
  const { code, stdout, stderr } = await analyzeOnFailingDisk(lines, "logged-session.js", "SessionTable");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^mcp-forensics: the temporary file holding the session table's older rows \(in .*\) could not be read back \(EIO\); the analysis cannot go on without them\n$/);
});
