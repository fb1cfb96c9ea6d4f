import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { formatProgress, openProgressBar } from "../../src/cli/progress.js";
import { fixture } from "../support/run-cli.js";

test("the progress line gives percent, bar, bytes, speed and ETA, then says analysis goes on", () => {
  assert.equal(formatProgress(25e6, 100e6, 2000), "reading  25% [#####...............]  25.0/100.0 MB  12.5 MB/s  ETA 6s");
  assert.equal(formatProgress(100e6, 100e6, 4000), "read 100.0 MB in 4.0s (25.0 MB/s); analyzing…");
  assert.equal(formatProgress(5e6, null, 1000), "reading  5.0 MB  5.0 MB/s", "stdin has no size: no percent, no ETA");
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
