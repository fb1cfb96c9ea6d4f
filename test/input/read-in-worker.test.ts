import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { packedWithin, packEvents, unpackEvents } from "../../src/input/event-codec.js";
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
