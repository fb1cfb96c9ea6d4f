import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { READING_THREAD_SEMI_SPACE_MIB } from "../src/young-generation.js";
import { BIN, ROOT } from "./support/run-cli.js";

const MIB = 1 << 20;

/**
 * Loaded into every thread of a run (`node -r`): prints a line each time the thread's young
 * generation (V8's new space) grows past the largest size it had, written at once, as a
 * reading thread may end without an exit event.
 */
const PROBE = `
const v8 = require("node:v8");
const { writeSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");
let largest = 0;
const look = () => {
  const size = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size;
  if (size > largest) writeSync(2, \`young \${isMainThread ? "main" : "thread"} \${(largest = size)}\\n\`);
};
look();
setInterval(look, 2).unref();
`;

/** The largest young generation each thread had, from the probe's lines. */
function largestYoung(stderr: string): { main: number; thread: number } {
  const largest = { main: 0, thread: 0 };
  for (const [, thread, size] of stderr.matchAll(/^young (main|thread) (\d+)$/gm)) largest[thread as "main" | "thread"] = Math.max(largest[thread as "main" | "thread"], Number(size));
  return largest;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

test("analyze holds the analysing thread's young generation small while a reading thread reads, not while it reads itself", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-young-"));
  try {
    const probe = join(dir, "probe.cjs");
    await writeFile(probe, PROBE);
    const log = join(dir, "busy.jsonl");
    const generated = spawnSync(process.execPath, [`${ROOT}bench/generate-log.mjs`, log, "10"], { encoding: "utf8" });
    assert.equal(generated.status, 0, generated.stderr);
    const analyze = (minBytes: number) => run(["-r", probe, BIN, "analyze", log, "--format", "json", "-o", join(dir, "report.json"), "--fail-on", "never"], { MCP_FORENSICS_READING_THREAD_MIN_BYTES: String(minBytes) });

    const threaded = await analyze(0);
    assert.equal(threaded.code, 0, threaded.stderr);
    const young = largestYoung(threaded.stderr);
    // Startup (the CLI's modules) takes it to 4 MiB, and it may grow once, to 8, while the thread's
    // heap is made; it grows to 32 MiB unheld (below, and in a run without the hold).
    assert.ok(young.main > 0 && young.main <= 8 * MIB, `analysing thread: ${young.main} bytes`);
    // The reading thread's starts at its size (V8 counts both semi-spaces once the second is used) and stays there.
    const semiSpace = READING_THREAD_SEMI_SPACE_MIB * MIB;
    assert.ok(young.thread >= semiSpace && young.thread <= 2 * semiSpace, `reading thread: ${young.thread} bytes`);

    // Read on the analysing thread, the same log lets its young generation grow as V8 would.
    const inline = await analyze(2 ** 50);
    assert.equal(inline.code, 0, inline.stderr);
    assert.equal(largestYoung(inline.stderr).thread, 0, "no reading thread");
    assert.ok(largestYoung(inline.stderr).main > 8 * MIB, `read inline: ${largestYoung(inline.stderr).main} bytes`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
