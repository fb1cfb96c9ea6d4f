import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PACKED, unpackEvents, type PackedEvents } from "../../src/input/event-codec.js";
import { InputSummary } from "../../src/input/input-summary.js";
import { readEventRows } from "../../src/input/read-events.js";
import { exchangeIdCodeOf, isRequestIdCode, MAX_CODED_ID, NOT_CODED, requestIdCodeOf, requestIdOfCode } from "../../src/input/request-id-code.js";
import { fixture, runCli } from "../support/run-cli.js";

test("an exchange's line is a code of its own family, the id `file:line` again with its row's file; a line past 2^29 has none", () => {
  const codes = new Set<number>();
  for (let n = 0; n <= 3000; n++) {
    const line = exchangeIdCodeOf(n);
    assert.ok(isRequestIdCode(line) && line >= -(2 ** 31), `${n}: ${line}`);
    assert.equal(requestIdOfCode(line, "app.log"), `app.log:${n}`);
    assert.equal(requestIdOfCode(line, "0:a:b"), `0:a:b:${n}`);
    codes.add(line).add(requestIdCodeOf(String(n))).add(requestIdCodeOf(`r-${n}`));
  }
  assert.equal(codes.size, 3 * 3001, "lines, digits and r-digits never share a code");
  const last = exchangeIdCodeOf(MAX_CODED_ID - 1);
  assert.ok(last >= -(2 ** 31) && last !== requestIdCodeOf(String(MAX_CODED_ID - 1)) && last !== requestIdCodeOf(`r-${MAX_CODED_ID - 1}`));
  assert.equal(requestIdOfCode(last, "f"), `f:${MAX_CODED_ID - 1}`);
  for (const n of [MAX_CODED_ID, MAX_CODED_ID + 1, 2 ** 31, -1, 1.5, NaN, Infinity]) assert.equal(exchangeIdCodeOf(n), NOT_CODED, String(n));
});

test("a pino file's rows pair each exchange by its line's code, not a string, and unpack to `file:line`", async () => {
  const path = fixture("pino-http.jsonl");
  const batches: PackedEvents[] = [];
  for await (const batch of readEventRows(path, new InputSummary(), { strict: false })) batches.push(batch);
  let paired = 0;
  for (const batch of batches) {
    const events = unpackEvents(batch);
    events.forEach((event, e) => {
      if (event.kind !== "request" && event.kind !== "response") return;
      assert.ok(isRequestIdCode(batch.ints[e * PACKED.INTS + PACKED.requestId]!));
      assert.equal(event.requestId, `${path}:${event.ref.line}`);
      paired++;
    });
    assert.ok(!batch.strings.some((s) => s.startsWith(`${path}:`)));
  }
  assert.ok(paired >= 20, `${paired} requests and responses`);
});

test("pino files merged keep their exchanges apart, the same lines in each, read on threads as read inline", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-exchange-ids-"));
  const log = (await readFile(fixture("pino-http.jsonl"), "utf8")).split("\n");
  // The second file's lines a few ms after the first's, statuses turned to 500: a response of
  // one paired with the other's request by line would move a status or a duration between them.
  const a = join(dir, "a.log");
  const b = join(dir, "b.log");
  await writeFile(a, log.join("\n"));
  await writeFile(b, log.map((text) => text.replace(/"time":(\d+)/, (_, t: string) => `"time":${Number(t) + 3}`).replace(/"statusCode":\d+/, '"statusCode":500')).join("\n"));
  const inlineEnv = { MCP_FORENSICS_READING_THREAD_MIN_BYTES: String(2 ** 50) };
  const threadedEnv = { MCP_FORENSICS_READING_THREAD_MIN_BYTES: "0" };
  for (const files of [[a, b], [b, a], [a]]) {
    const args = ["analyze", ...files, "--format", "json", "--fail-on", "never"];
    const inline = await runCli(args, inlineEnv);
    const threaded = await runCli(args, threadedEnv);
    assert.equal(threaded.code, 0, threaded.stderr);
    assert.equal(threaded.stdout, inline.stdout, files.join(" "));
    assert.equal(threaded.stderr, inline.stderr, files.join(" "));
  }
});
