import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
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

test("analyze keeps the analysing thread's young generation small while its reading thread's starts large", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-young-"));
  try {
    const probe = join(dir, "probe.cjs");
    await writeFile(probe, PROBE);
    const log = join(dir, "busy.jsonl");
    const generated = spawnSync(process.execPath, [`${ROOT}bench/generate-log.mjs`, log, "10"], { encoding: "utf8" });
    assert.equal(generated.status, 0, generated.stderr);
    const threaded = { MCP_FORENSICS_READING_THREAD_MIN_BYTES: "0" };

    const analyzed = await run(["-r", probe, BIN, "analyze", log, "--format", "json", "-o", join(dir, "report.json"), "--fail-on", "never"], threaded);
    assert.equal(analyzed.code, 0, analyzed.stderr);
    const young = largestYoung(analyzed.stderr);
    // Startup (the CLI's modules) may take it to 4 MiB before the analysis holds it.
    assert.ok(young.main > 0 && young.main <= 4 * MIB, `analysing thread: ${young.main} bytes`);
    assert.ok(young.thread >= 16 * MIB, `reading thread: ${young.thread} bytes`);

    // The same folding, without the CLI's sizing (read by the library, on a thread too), lets the
    // analysing thread's young generation grow: what the first run's bound measures.
    const script = join(dir, "fold.mjs");
    await writeFile(
      script,
      `import { InputSummary } from ${JSON.stringify(`${ROOT}dist/src/input/input-summary.js`)};
import { readInWorker } from ${JSON.stringify(`${ROOT}dist/src/input/read-in-worker.js`)};
import { buildTimeline } from ${JSON.stringify(`${ROOT}dist/src/timeline/build-timeline.js`)};
import { TALLIES } from ${JSON.stringify(`${ROOT}dist/src/tallies.js`)};
const timeline = await buildTimeline(readInWorker(${JSON.stringify(log)}, new InputSummary(), { strict: false }), { batchGapMs: 2000, tallies: TALLIES });
if (timeline.requests.length === 0) process.exit(3);
`,
    );
    const folded = await run(["-r", probe, script], {});
    assert.equal(folded.code, 0, folded.stderr);
    assert.ok(largestYoung(folded.stderr).main > 4 * MIB, `without the sizing: ${largestYoung(folded.stderr).main} bytes`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
