import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { call, closed, disconnected, initialize } from "../support/log-lines.js";
import { ROOT, runCli } from "../support/run-cli.js";

/**
 * Preloaded into the real binary: the session table keeps three blocks' stored columns in memory
 * (the last, and the two the walk and its lagging passes read), so that a log of a few blocks of
 * sessions spills them (logged-session.ts), and says how many blocks were out of memory at the end
 * of the log and, at exit, how many were read back.
 */
const THREE_BLOCKS_KEPT = `
import { SessionTable } from ${JSON.stringify(pathToFileURL(join(ROOT, "dist/src/timeline/logged-session.js")).href)};
SessionTable.residentBlocks = 3;
let table = null;
const holdRequests = SessionTable.prototype.holdRequests;
SessionTable.prototype.holdRequests = function (grouping) {
  table = this;
  process.stderr.write("spilled " + this.spilledBlocks + " at the end of the log\\n");
  return holdRequests.call(this, grouping);
};
process.on("exit", () => table && process.stderr.write("read back " + table.blocksReadBack + "\\n"));
`;

/**
 * 18,500 sessions of 40 clients (four blocks and more), each used again up to 3,000 sessions later
 * (a block behind, as sessions are used on a server, so that the walk reads back a few blocks, not
 * one at every request), some ended by a line or a DELETE, some with a stream closed: the walk
 * writes sessions of the block before the last, and the passes after it read every block back.
 */
function busyLog(): Record<string, unknown>[] {
  const timed: [number, Record<string, unknown>][] = [];
  const push = (t: number, lines: Record<string, unknown>[]) => lines.forEach((line, k) => timed.push([t + k / 1000, line]));
  for (let i = 0; i < 18_500; i++) {
    const t = i / 10;
    const ua = `client-${i % 40}/1.0`;
    push(t, initialize(t, `s${i}`, null, { ua }));
    const later = t + 1 + ((i * 7_919) % 300);
    push(later, call(later, `s${i}`, { ua }));
    if (i % 3 === 0) push(later + 0.5, [closed(later + 0.5, `s${i}`)]);
    else if (i % 5 === 0) push(later + 0.5, call(later + 0.5, `s${i}`, { ua, method: "DELETE", rpc: null }));
    if (i % 7 === 0) push(later + 0.2, [disconnected(later + 0.2, `s${i}`, 200)]);
  }
  timed.sort((a, b) => a[0] - b[0]);
  return timed.map(([, line]) => line);
}

test("a log whose sessions' blocks leave memory gives the same report as one whose blocks stay", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-session-spill-"));
  try {
    const log = join(dir, "events.jsonl");
    await writeFile(log, busyLog().map((line) => JSON.stringify(line)).join("\n") + "\n");
    const preload = join(dir, "three-blocks.mjs");
    await writeFile(preload, THREE_BLOCKS_KEPT);
    const args = ["analyze", log, "--format", "json", "--fail-on", "never"];
    const [kept, spilling] = await Promise.all([runCli(args, { TMPDIR: dir }), runCli(args, { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, TMPDIR: dir })]);
    assert.equal(kept.code, 0, kept.stderr);
    assert.equal(spilling.code, 0, spilling.stderr);
    const spilled = Number(/spilled (\d+) at the end of the log/.exec(spilling.stderr)?.[1]);
    const readBack = Number(/read back (\d+)/.exec(spilling.stderr)?.[1]);
    assert.ok(spilled >= 2 && readBack > 0, spilling.stderr);
    assert.equal(spilling.stdout, kept.stdout);
    // What the comparison is about is in the report: every session, their ends and closures.
    const report = JSON.parse(kept.stdout);
    assert.equal(report.summary.sessionsCreated, 18_500, JSON.stringify(report.summary));
  } finally {
    await rm(dir, { recursive: true });
  }
});
