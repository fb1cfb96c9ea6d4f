import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import type { Event } from "../../src/events.js";
import { InputSummary } from "../../src/input/input-summary.js";
import { mergeByTime, orderWithinWindow } from "../../src/input/order-events.js";
import { fixture, runCli } from "../support/run-cli.js";

interface JsonReport {
  input: { format: string; files: { path: string; lines: number; events: number }[]; events: number; warningCount: number; warnings: { file: string; line: number; reason: string }[] };
  summary: Record<string, unknown>;
  clients: { key: string; verdict: string; losses: number }[];
  findings: { rule: string; evidence: { file: string; line: number }[] }[];
}

const tempDir = () => mkdtemp(join(tmpdir(), "mcp-forensics-sources-"));


const json = ["--format", "json", "--fail-on", "never"];
const essentials = (r: JsonReport) => ({ summary: r.summary, clients: r.clients.map((c) => [c.key, c.verdict, c.losses]) });

/** Many distinct lines, so that gzip output is long enough to cut or corrupt in the middle. */
function manyLines(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ event: "mcp_request_headers", timestamp: new Date(1772359200000 + i * 10).toISOString(), request_id: `r-${i}-${(i * 2654435761) % 4294967296}`, method: "POST", mcp_session_id: `s-${(i * 40503) % 65521}`, is_initialize: false, rpc_method: "tools/call", user_agent: `agent/${i % 7}` }));
  }
  return `${lines.join("\n")}\n`;
}

test("gzip is detected by its magic bytes, whatever the name; stdin is read with -", async () => {
  const dir = await tempDir();
  const plain = await readFile(fixture("capture-2.jsonl"));
  const renamed = join(dir, "capture.log.1");
  await writeFile(renamed, gzipSync(plain));
  const expected = essentials(JSON.parse((await runCli(["analyze", fixture("capture-2.jsonl"), ...json])).stdout) as JsonReport);
  const gz = await runCli(["analyze", renamed, ...json]);
  assert.equal(gz.code, 0, gz.stderr);
  assert.deepEqual(essentials(JSON.parse(gz.stdout) as JsonReport), expected);
  for (const input of [plain, gzipSync(plain)]) {
    const piped = await runCli(["analyze", "-", ...json], {}, input);
    assert.equal(piped.code, 0, piped.stderr);
    const report = JSON.parse(piped.stdout) as JsonReport;
    assert.deepEqual(essentials(report), expected);
    assert.equal(report.input.files[0]!.path, "-");
  }
  assert.equal((await runCli(["analyze", "-", "-", ...json])).code, 2, "stdin twice");
});

test("a truncated or corrupt gzip keeps the events before the break and exits 2 with one line", async () => {
  const dir = await tempDir();
  const packed = gzipSync(manyLines(20000));
  const truncated = join(dir, "truncated.gz");
  await writeFile(truncated, packed.subarray(0, packed.length >> 1));
  const cut = await runCli(["analyze", truncated, ...json]);
  assert.equal(cut.code, 2);
  assert.match(cut.stderr, /^mcp-forensics: .*truncated\.gz: gzip data is truncated after (\d+) lines\n$/);
  const read = Number(/after (\d+) lines/.exec(cut.stderr)![1]);
  const report = JSON.parse(cut.stdout) as JsonReport;
  assert.ok(read > 1000 && read < 20000, `${read} lines`);
  assert.equal(report.input.events, read, "every line before the break is an event in the report");

  const corrupt = Buffer.from(packed);
  corrupt.fill(0x58, 10, 60);
  const corruptPath = join(dir, "corrupt.jsonl.gz");
  await writeFile(corruptPath, corrupt);
  const broken = await runCli(["analyze", corruptPath, ...json]);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /corrupt\.jsonl\.gz: gzip data is corrupt \(.+\) after 0 lines\n$/);
  assert.equal(broken.stderr.trim().split("\n").length, 1);
});

test("several files are merged by time into one timeline; evidence keeps each file's name", async () => {
  const dir = await tempDir();
  const lines = (await readFile(fixture("capture-2.jsonl"), "utf8")).trimEnd().split("\n");
  const odd = join(dir, "odd.jsonl");
  const even = join(dir, "even.jsonl.gz");
  await writeFile(odd, `${lines.filter((_, i) => i % 2 === 0).join("\n")}\n`);
  await writeFile(even, gzipSync(`${lines.filter((_, i) => i % 2 === 1).join("\n")}\n`));
  const whole = JSON.parse((await runCli(["analyze", fixture("capture-2.jsonl"), ...json])).stdout) as JsonReport;
  const merged = await runCli(["analyze", odd, even, ...json]);
  assert.equal(merged.code, 0, merged.stderr);
  const report = JSON.parse(merged.stdout) as JsonReport;
  assert.deepEqual(essentials(report), essentials(whole));
  assert.deepEqual(report.input.files.map((f) => [f.path, f.lines]), [[odd, 50], [even, 50]]);
  const files = new Set(report.findings.flatMap((f) => f.evidence.map((e) => e.file)));
  assert.ok(files.has(odd) && files.has(even), [...files].join(", "));
});

test("request ids of different files never pair with each other", async () => {
  const dir = await tempDir();
  const line = (timestamp: string, fields: object) => JSON.stringify({ timestamp, ...fields });
  const a = join(dir, "a.jsonl");
  const b = join(dir, "b.jsonl");
  await writeFile(a, [line("2026-03-01T10:00:00.000Z", { event: "mcp_request_headers", request_id: "1", method: "POST", mcp_session_id: null, is_initialize: true, user_agent: "a" }), line("2026-03-01T10:00:00.300Z", { event: "mcp_response_headers", request_id: "1", mcp_session_id: "sa", status: 200 })].join("\n"));
  await writeFile(b, [line("2026-03-01T10:00:00.100Z", { event: "mcp_request_headers", request_id: "1", method: "POST", mcp_session_id: null, is_initialize: true, user_agent: "b" }), line("2026-03-01T10:00:00.200Z", { event: "mcp_response_headers", request_id: "1", mcp_session_id: "sb", status: 200 })].join("\n"));
  const report = JSON.parse((await runCli(["analyze", a, b, ...json])).stdout) as { sessions: { id: string; client: string }[] };
  assert.deepEqual(report.sessions.map((s) => [s.id, s.client]).sort(), [["sa", "a"], ["sb", "b"]]);
});

test("--input-format and --endpoint are checked; a pino log is read with its own endpoint", async () => {
  assert.equal((await runCli(["analyze", fixture("pino-http.jsonl"), "--input-format", "har"])).code, 2);
  const events = await runCli(["analyze", fixture("pino-http.jsonl"), "--input-format", "events", ...json]);
  assert.equal(events.code, 2, "read as the events format, no line is an event");
  const other = await runCli(["analyze", fixture("pino-http.jsonl"), "--endpoint", "/health", ...json]);
  assert.equal(other.code, 0, other.stderr);
  assert.equal((JSON.parse(other.stdout) as JsonReport).input.events, 1);
});

const ev = (at: number, line: number): Event => ({ at, ref: { file: "f", line }, kind: "server-started", pid: null });
async function collect(batches: AsyncIterable<readonly Event[]>): Promise<number[]> {
  const out: number[] = [];
  for await (const batch of batches) for (const e of batch) out.push(e.ref.line);
  return out;
}
/** The events in batches of `size` (an empty batch first and last: a reader may yield one). */
async function* from(list: Event[], size: number) {
  yield [];
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
  yield [];
}
/** Batches of one event, of a few, and the whole list at once: order must not depend on where batches split. */
const SIZES = [1, 2, 4, 100];

test("a file's events are put in order within the window, later ones kept in place with a warning", async () => {
  const list = [ev(10, 1), ev(30, 2), ev(20, 3), ev(20, 4), ev(40, 5), ev(50, 6), ev(60, 7), ev(5, 8), ev(70, 9)];
  for (const size of SIZES) {
    const summary = new InputSummary();
    assert.deepEqual(await collect(orderWithinWindow(from(list, size), summary, 3)), [1, 3, 4, 2, 8, 5, 6, 7, 9], `batches of ${size}`);
    assert.equal(summary.warningCount, 1);
    assert.match(summary.warnings[0]!.reason, /^out of order by more than the reorder window \(3 events\): 25 ms earlier than line 2,/);
    assert.equal(summary.warnings[0]!.line, 8);
    assert.deepEqual(await collect(orderWithinWindow(from(list, size), new InputSummary(), 100)), [8, 1, 3, 4, 2, 5, 6, 7, 9], `batches of ${size}`);
  }
});

test("the window orders a long jittered file as a plain list would, whatever the batches", async () => {
  // Far more events than the window, some late by more than it: the buffer drops its emitted
  // prefix many times, also between an event and the insertion of a late one.
  let state = 7;
  const jitter = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % 121) - 60;
  const list = Array.from({ length: 3000 }, (_, i) => ev(i * 10 + jitter(), i + 1));
  for (const window of [1, 5, 16]) {
    const expected = orderedAsAList(list, window);
    for (const size of [1, 7, 100]) {
      const summary = new InputSummary();
      assert.deepEqual(await collect(orderWithinWindow(from(list, size), summary, window)), expected.lines, `window ${window}, batches of ${size}`);
      assert.equal(summary.warningCount, expected.late, `window ${window}, batches of ${size}`);
    }
  }
});

/** orderWithinWindow's rule on one array: the reference for the buffer it keeps. */
function orderedAsAList(list: readonly Event[], window: number): { lines: number[]; late: number } {
  const waiting: Event[] = [];
  const out: Event[] = [];
  let late = 0;
  for (const event of list) {
    const lastOut = out.at(-1);
    if (waiting.length === 0 || event.at >= waiting.at(-1)!.at) waiting.push(event);
    else if (lastOut !== undefined && event.at < lastOut.at) {
      late++;
      waiting.unshift(event);
    } else waiting.splice(waiting.findLastIndex((e) => e.at <= event.at) + 1, 0, event);
    if (waiting.length > window) out.push(waiting.shift()!);
  }
  return { lines: [...out, ...waiting].map((e) => e.ref.line), late };
}

test("the k-way merge interleaves sorted streams by time, ties to the first stream", async () => {
  for (const size of SIZES) {
    const merged = await collect(mergeByTime([from([ev(1, 1), ev(5, 2), ev(9, 3)], size), from([ev(1, 11), ev(2, 12)], size), from([], size), from([ev(7, 21)], size)]));
    assert.deepEqual(merged, [1, 11, 12, 2, 21, 3], `batches of ${size}`);
  }
});

test("the merge of many long streams keeps every event, in time order, ties in stream order", async () => {
  // Streams far longer than a merged batch, with equal times across streams.
  const streams = [0, 1, 2].map((s) => Array.from({ length: 5000 }, (_, i) => ev(Math.floor((i * (s + 2)) / 3), s * 100000 + i)));
  const merged = await collect(mergeByTime(streams.map((list, s) => from(list, 700 + s * 300))));
  const stream = (line: number) => Math.floor(line / 100000);
  const at = (line: number) => streams[stream(line)]![line % 100000]!.at;
  assert.equal(merged.length, 15000);
  for (let i = 1; i < merged.length; i++) {
    const [a, b] = [merged[i - 1]!, merged[i]!];
    assert.ok(at(a) < at(b) || (at(a) === at(b) && (stream(a) < stream(b) || (stream(a) === stream(b) && a < b))), `${a} before ${b}`);
  }
});
