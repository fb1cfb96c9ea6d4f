import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { analyzeLog } from "../../src/analyze.js";
import { formatProgress, openProgressBar } from "../../src/cli/progress.js";
import { fixture } from "../support/run-cli.js";

test("the progress line gives percent, bar, bytes, speed and ETA, then says analysis goes on", () => {
  assert.equal(formatProgress(25e6, 100e6, 2000), "reading  25% [#####...............]  25.0/100.0 MB  12.5 MB/s  ETA 6s");
  assert.equal(formatProgress(100e6, 100e6, 4000), "read 100.0 MB in 4.0s (25.0 MB/s); analyzing…");
  assert.equal(formatProgress(5e6, null, 1000), "reading  5.0 MB  5.0 MB/s", "stdin has no size: no percent, no ETA");
});

test("for gzip, percent and ETA go by the file, the speed by the log it holds", () => {
  assert.equal(formatProgress(10e6, 100e6, 2000, 92e6), "reading  10% [##..................]  10.0/100.0 MB gzip, 92.0 MB of log  46.0 MB/s  ETA 18s");
  assert.equal(formatProgress(100e6, 100e6, 4000, 920e6), "read 100.0 MB gzip, 920.0 MB of log in 4.0s (230.0 MB/s); analyzing…");
  assert.equal(formatProgress(5e6, null, 1000, 46e6), "reading  5.0 MB gzip, 46.0 MB of log  46.0 MB/s");
});

test("analysis tells the progress bar the bytes as stored and the bytes of log, read inline or on a thread", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-progress-"));
  const log = await readFile(fixture("capture-2.jsonl"));
  const gz = join(dir, "capture-2.jsonl.gz");
  await writeFile(gz, gzipSync(log));
  const stored = (await readFile(gz)).length;
  for (const readingThreadMinBytes of [Infinity, 0]) {
    for (const [path, expected] of [[gz, [stored, log.length]], [fixture("capture-2.jsonl"), [log.length, log.length]]] as const) {
      let last: [number, number] = [0, 0];
      await analyzeLog(path, {
        batchGapMs: 2000, from: null, to: null, client: null, session: null, strict: false, toolVersion: "test", rules: {},
        readingThreadMinBytes,
        onProgress: (storedBytes, logBytes) => (last = [storedBytes, logBytes]),
      });
      assert.deepEqual(last, expected, `${path}, ${readingThreadMinBytes === 0 ? "on a thread" : "inline"}`);
    }
  }
});

/** A real stream standing where stderr would, flagged as a terminal or not. */
function stderrLike(isTTY: boolean): NodeJS.WriteStream {
  return Object.assign(new PassThrough(), { isTTY }) as unknown as NodeJS.WriteStream;
}

test("a bar only on a terminal, and never beside a machine format", async () => {
  const files = [fixture("capture-2.jsonl")];
  assert.equal(await openProgressBar(files, "markdown", stderrLike(false)), null, "piped stderr");
  for (const format of ["json", "junit", "sarif"]) assert.equal(await openProgressBar(files, format, stderrLike(true)), null, format);
  assert.notEqual(await openProgressBar(files, "table", stderrLike(true)), null);
  assert.notEqual(await openProgressBar(["-"], "markdown", stderrLike(true)), null, "stdin: a bar without a total");
});

test("nothing is drawn in the first second, and finish leaves no trace then", async () => {
  const stream = stderrLike(true);
  const bar = (await openProgressBar([fixture("capture-2.jsonl")], "markdown", stream))!;
  let written = "";
  (stream as unknown as PassThrough).on("data", (chunk: Buffer) => (written += chunk.toString()));
  bar.update(10);
  bar.finish();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(written, "");
});
