import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { packedWithin, packEvents, unpackEvents } from "../../src/input/event-codec.js";
import { InputSummary } from "../../src/input/input-summary.js";
import { readEventRows } from "../../src/input/read-events.js";
import { IN_FLIGHT, readInWorker, RETURN_EVERY } from "../../src/input/read-in-worker.js";
import { call, initialize } from "../support/log-lines.js";
import { fixture, runCli } from "../support/run-cli.js";

const ref = { file: "a.jsonl", line: 7 };
/** Small fixtures are read inline by default: this reads every file on a thread. */
const THREADED = { MCP_FORENSICS_READING_THREAD_MIN_BYTES: "0" };

test("every event kind crosses the thread boundary unchanged, null and absent fields told apart", () => {
  const events: Event[] = [
    { at: 1, ref, kind: "request", requestId: "r-1", httpMethod: "POST", sessionId: null, isInitialize: true, rpcMethod: "initialize", userAgent: "ua", remoteAddress: "10.0.0.1" },
    { at: 2, ref: { ...ref, line: 8 }, kind: "request", requestId: null, httpMethod: null, sessionId: undefined, isInitialize: null, rpcMethod: null, userAgent: null, remoteAddress: null, instance: "pod-a" },
    { at: 3, ref, kind: "request", requestId: "r-1", httpMethod: "GET", sessionId: "s-1", isInitialize: false, rpcMethod: null, userAgent: "ua", remoteAddress: null },
    { at: 4, ref, kind: "response", requestId: "r-1", sessionId: "s-1", status: 200 },
    { at: 5, ref, kind: "response", requestId: null, sessionId: undefined, status: null },
    { at: 6, ref, kind: "response", requestId: null, sessionId: null, status: 404, instance: "pod-b" },
    { at: 7, ref, kind: "session-created", sessionId: "s-1", activeSessions: 3 },
    { at: 8, ref, kind: "session-closed", sessionId: "s-1", activeSessions: null },
    { at: 9, ref, kind: "session-removed", sessionId: "s-2", activeSessions: 0 },
    { at: 10.5, ref, kind: "stream-closed", sessionId: null, elapsedMs: 12.25 },
    { at: 11, ref, kind: "stream-closed", sessionId: "s-1", elapsedMs: null },
    { at: 12, ref, kind: "server-started", pid: 4242 },
    { at: 13, ref: { ...ref, line: 2 ** 40 }, kind: "server-started", pid: null },
  ];
  const packed = packEvents(events);
  assert.equal(packed.strings.filter((s) => s === "ua").length, 1, "a string repeated in a batch is sent once");
  assert.deepEqual(unpackEvents(packed), events);
});

test("a session id that is a UUID crosses as its words, each once a batch, and comes back as its string", () => {
  const uuid = "21e2baed-3c2d-4a16-9acf-9357c68cb6a7";
  const other = "0d5b7c1e-9f3a-4e2b-8c6d-1a2b3c4d5e6f";
  const events: Event[] = [
    { at: 1, ref, kind: "request", requestId: "r-1", httpMethod: "POST", sessionId: uuid, isInitialize: false, rpcMethod: "tools/list", userAgent: uuid, remoteAddress: null },
    { at: 2, ref, kind: "response", requestId: "r-1", sessionId: uuid, status: 200 },
    { at: 3, ref, kind: "session-created", sessionId: other, activeSessions: 2 },
    { at: 4, ref, kind: "session-closed", sessionId: uuid.toUpperCase(), activeSessions: 1 },
    { at: 5, ref, kind: "session-removed", sessionId: other, activeSessions: 0 },
    { at: 6, ref, kind: "stream-closed", sessionId: uuid, elapsedMs: 3 },
    { at: 7, ref, kind: "response", requestId: null, sessionId: other, status: null },
  ];
  const packed = packEvents(events);
  // Sent as a string only where it is not a session id (here a user agent), or not canonical.
  assert.deepEqual(packed.strings.filter((s) => s.toLowerCase() === uuid || s === other), [uuid, uuid.toUpperCase()]);
  assert.equal(packed.words.length, 8, "each UUID's words once");
  assert.deepEqual(unpackEvents(packed), events);
  assert.deepEqual(unpackEvents(packedWithin(packed, 3, 6)), events.slice(2, 6));
});

test("a time window keeps a packed batch's events at or between its ends, in order, with their strings", () => {
  const events: Event[] = [1, 5, 2, 9, 5, 12].map((at, i) => ({ at, ref: { ...ref, line: i + 1 }, kind: "stream-closed", sessionId: `s-${i}`, elapsedMs: at * 10 }));
  const kept = packedWithin(packEvents(events), 2, 9);
  assert.deepEqual(unpackEvents(kept), events.filter((e) => e.at >= 2 && e.at <= 9));
  const all = packEvents(events);
  assert.equal(packedWithin(all, 1, 12), all, "a batch wholly inside is handed on as it is");
  assert.equal(packedWithin(packEvents(events), 20, 30).count, 0);
});

test("a time window on a file read on its own thread gives the report inline reading gives", async () => {
  const args = ["analyze", fixture("capture-1.jsonl"), "--from", "2026-02-27T07:40:00Z", "--to", "2026-02-27T08:10:00Z", "--format", "json", "--fail-on", "never"];
  const threaded = await runCli(args, THREADED);
  const inline = await runCli(args, { MCP_FORENSICS_READING_THREAD_MIN_BYTES: String(2 ** 50) });
  assert.equal(threaded.code, 0, threaded.stderr);
  const report = JSON.parse(threaded.stdout);
  assert.ok(report.input.outsideWindow > 0 && report.summary.requests > 0, `the window cuts the log: ${report.input.outsideWindow} outside`);
  assert.equal(threaded.stdout, inline.stdout);
});

/** A report with the file's name taken out: the only thing that differs between a file and stdin. */
async function reportOf(path: string, stdin?: Buffer) {
  const result = await runCli(["analyze", path, "--format", "json", "--fail-on", "never"], THREADED, stdin);
  const report = JSON.parse(result.stdout);
  const named = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(named)
    : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (k === "file" || k === "path") && v === path ? "LOG" : named(v)]))
    : value;
  return named(report) as { input: { events: number } };
}

test("a file read on its own thread gives the report stdin gives when read inline, skips and warnings included", async () => {
  const hostile = ["duplicate-lines", "invalid-utf8", "clock-backwards", "wrong-types", "hostile-strings", "secrets", "bom", "crlf"].map((n) => `hostile/${n}.jsonl`);
  for (const name of ["capture-1.jsonl", ...hostile, "pino-http.jsonl", "client.har"]) {
    const path = fixture(name);
    const fromFile = await reportOf(path);
    const fromStdin = await reportOf("-", await readFile(path));
    assert.ok(fromFile.input.events > 0, name);
    assert.deepEqual(fromFile, fromStdin, name);
  }
});

test("several files on threads of their own merge as inline reading merges them", async () => {
  const files = [fixture("capture-1.jsonl"), fixture("capture-2.jsonl")];
  const args = ["analyze", ...files, "--format", "json", "--fail-on", "never"];
  const threaded = await runCli(args, THREADED);
  const inline = await runCli(args, { MCP_FORENSICS_READING_THREAD_MIN_BYTES: String(2 ** 50) });
  assert.equal(threaded.code, 0, threaded.stderr);
  assert.ok(JSON.parse(threaded.stdout).input.files.every((f: { events: number }) => f.events > 0));
  assert.equal(threaded.stdout, inline.stdout);
});

test("--strict stops at the first bad line of a file read on its own thread, with the file and line", async () => {
  const result = await runCli(["analyze", fixture("hostile/invalid-json.jsonl"), "--strict", "--format", "json"], THREADED);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^mcp-forensics: .*invalid-json\.jsonl:\d+: invalid JSON.*\n$/);
});

test("a gzip stream that breaks on a reading thread keeps what was read and exits 2, as inline", async () => {
  const packed = gzipSync(await readFile(fixture("capture-2.jsonl")));
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-thread-gzip-")), "cut.jsonl.gz");
  await writeFile(path, packed.subarray(0, packed.length - 40));
  const args = ["analyze", path, "--format", "json", "--fail-on", "never"];
  const threaded = await runCli(args, THREADED);
  const inline = await runCli(args, { MCP_FORENSICS_READING_THREAD_MIN_BYTES: String(2 ** 50) });
  assert.equal(threaded.code, 2);
  assert.match(threaded.stderr, /cut\.jsonl\.gz: gzip data is truncated after \d+ lines/);
  assert.equal(threaded.stderr, inline.stderr);
  assert.equal(threaded.stdout, inline.stdout);
  assert.ok(JSON.parse(threaded.stdout).input.events > 0);
});

test("a file of many batches crosses from its thread whole, as the batches read without a thread", { timeout: 120_000 }, async () => {
  // Sessions of UUIDs and of other ids, a few MB: many more batches than the thread may post ahead.
  const lines: string[] = [];
  for (let s = 0; s < 10_000; s++) {
    const sid = s % 3 === 0 ? `session-${s}` : `${s.toString(16).padStart(8, "0")}-3c2d-4a16-9acf-9357c68cb6a7`;
    for (const line of [...initialize(s, sid, null), ...call(s + 0.5, sid), ...call(s + 0.7, sid)]) lines.push(JSON.stringify(line));
  }
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-thread-batches-")), "many.jsonl");
  await writeFile(path, lines.join("\n") + "\n");
  const expected: Event[][] = [];
  for await (const packed of readEventRows(path, new InputSummary(), { strict: false })) expected.push(unpackEvents(packed));
  // Three times what the thread may post ahead: its buffers come back, RETURN_EVERY at a time, and are packed into again.
  assert.ok(expected.length > 3 * IN_FLIGHT && RETURN_EVERY <= IN_FLIGHT, `${expected.length} batches`);
  const crossed: Event[][] = [];
  // Each batch read before the next is asked for: its buffer goes back to the thread then.
  for await (const packed of readInWorker(path, new InputSummary(), { strict: false })) crossed.push(unpackEvents(packed));
  assert.deepEqual(crossed, expected);
});
