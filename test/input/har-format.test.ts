import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { createHarParser, isHarStart } from "../../src/input/har-format.js";
import { extractArrayElements } from "../../src/input/json-array-elements.js";
import { hashText } from "../../src/input/line-hash.js";
import type { RawLine } from "../../src/input/read-lines.js";
import { fixture, ROOT, runCli } from "../support/run-cli.js";

type Scenario = typeof import("../../fixtures/make-har-fixture.mjs");
// Loaded from the source tree: the script is plain JavaScript, not compiled into dist/.
const { runHarScenario } = (await import(pathToFileURL(join(ROOT, "fixtures/make-har-fixture.mjs")).href)) as Scenario;

const ENTRIES = { path: ["log", "entries"], maxElementBytes: 1 << 20 };

async function* chunked(text: string, sizes: readonly number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes.length === 0 ? bytes.length : sizes[i % sizes.length]!);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function collect(lines: AsyncIterable<RawLine>): Promise<RawLine[]> {
  const all: RawLine[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

const TRICKY = `\ufeff{
  "log": {
    "version": "1.2",
    "creator": {"name": "x", "entries": [{"not": "these"}]},
    "pages": [{"entries": [{"nor": "these"}]}],
    "comment": "a } ] { [ \\" \\\\",
    "entries": [
      {"a": "brace } in \\"string\\" and \\\\", "entries": [{"nested": true}]},
      1,
      {"b": "é ☃ \\u00e9",
       "c": [ {}, [] ]}
    ],
    "after": {"entries": [{"no": 1}]}
  }
}
`;

test("HAR entries are cut out of the document whatever the chunking, numbered by their first line", async () => {
  const expected = (JSON.parse(TRICKY.slice(1)) as { log: { entries: unknown[] } }).log.entries.filter((e) => typeof e === "object");
  for (const sizes of [[], [1], [2, 3, 5], [7], [64]]) {
    const lines = await collect(extractArrayElements(chunked(TRICKY, sizes), ENTRIES));
    assert.deepEqual(
      lines.map((l) => JSON.parse(l.text) as unknown),
      expected,
      `chunks of ${sizes.join(",")}`,
    );
    assert.deepEqual(
      lines.map((l) => l.line),
      [8, 10],
    );
    assert.ok(lines.every((l) => l.terminated && !l.tooLong && !l.invalidUtf8));
  }
});

test("property: any entries, any chunking, the same objects as JSON.parse", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }), fc.boolean(), async (entries, sizes, pretty) => {
      const text = JSON.stringify({ log: { version: "1.2", entries } }, null, pretty ? 2 : undefined);
      const lines = await collect(extractArrayElements(chunked(text, sizes), ENTRIES));
      assert.deepEqual(
        lines.map((l) => JSON.parse(l.text) as unknown),
        JSON.parse(JSON.stringify(entries)),
      );
      assert.deepEqual(
        lines.map((l) => l.hash),
        lines.map((l) => hashText(l.text)),
      );
    }),
    { numRuns: 200 },
  );
});

test("a document cut short yields its last entry unterminated; an entry over the limit is tooLong, unkept", async () => {
  const cut = await collect(extractArrayElements(chunked('{"log":{"entries":[{"a":1},\n{"b":"x', [4]), ENTRIES));
  assert.deepEqual(
    cut.map((l) => [l.line, l.text, l.terminated]),
    [
      [1, '{"a":1}', true],
      [2, '{"b":"x', false],
    ],
  );
  const big = await collect(extractArrayElements(chunked(`{"log":{"entries":[{"a":"${"x".repeat(100)}"},{"b":1}]}}`, [8]), { ...ENTRIES, maxElementBytes: 50 }));
  assert.deepEqual(
    big.map((l) => [l.tooLong, l.text]),
    [
      [true, ""],
      [false, '{"b":1}'],
    ],
  );
});

test("detection: a HAR opens with the log key", () => {
  assert.ok(isHarStart('{\n  "log": {'));
  assert.ok(isHarStart('\ufeff {"log":{}}'));
  assert.ok(!isHarStart('{"event":"server_started","timestamp":"2026-02-27T08:00:00Z","log":1}'));
  assert.ok(!isHarStart('{"level":30,"time":1,"msg":"log"}'));
});

test("an entry's headers (any case), JSON-RPC body (batches too) and status map to events", () => {
  const parse = createHarParser({ endpoint: "/mcp" });
  const ref = { file: "x.har", line: 9 };
  const entry = (request: object, response: object) => JSON.stringify({ startedDateTime: "2026-02-27T08:00:00.000+01:00", time: 250, request: { url: "https://example.com/mcp?x=1", ...request }, response });
  const init = parse(
    entry(
      { method: "POST", headers: [{ name: "User-Agent", value: "ua/1" }], postData: { text: '[{"jsonrpc":"2.0","id":1,"method":"initialize"},{"jsonrpc":"2.0","method":"ping"}]' } },
      { status: 200, headers: [{ name: "Mcp-Session-Id", value: "S1" }, { name: "Content-Type", value: "application/json" }] },
    ),
    ref,
  );
  assert.equal(init.type, "events");
  if (init.type !== "events") return;
  const [request, response] = init.events;
  assert.deepEqual(request, { at: Date.parse("2026-02-27T07:00:00Z"), ref, kind: "request", requestId: "x.har:9", httpMethod: "POST", sessionId: null, isInitialize: true, rpcMethod: "initialize,ping", userAgent: "ua/1", remoteAddress: null });
  assert.deepEqual(response, { at: Date.parse("2026-02-27T07:00:00.250Z"), ref, kind: "response", requestId: "x.har:9", sessionId: "S1", status: 200 });
  const aborted = parse(entry({ method: "GET", headers: [{ name: "mcp-session-id", value: "S1" }] }, { status: 0, headers: [] }), ref);
  const abortedResponse = aborted.type === "events" ? aborted.events[1] : undefined;
  assert.ok(abortedResponse?.kind === "response" && abortedResponse.status === null && abortedResponse.sessionId === undefined);
  assert.deepEqual(parse(entry({ method: "GET" }, {}).replace("/mcp?x=1", "/health"), ref), { type: "ignored", eventName: "har: request to another path" });
  assert.match((parse('{"request":{"method":"GET","url":"/mcp"},"startedDateTime":"yesterday"}', ref) as { reason: string }).reason, /^timestamp is not ISO-8601/);
});

interface JsonReport {
  input: { format: string; lines: number; events: number };
  summary: { sessionLosses: number; orphanedSessions: number };
  sessions: { id: string; client: string; endedBy: string; reusedAcrossBatches: boolean }[];
  clients: { userAgent: string; verdict: string; losses: number; batches: number }[];
  findings: { rule: string; client: string | null; evidence: { file: string; line: number }[] }[];
}

async function analyze(args: readonly string[]): Promise<JsonReport> {
  const result = await runCli(["analyze", ...args, "--format", "json", "--fail-on", "never"]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as JsonReport;
}

/** A HAR is the client's side: it has no remote address, so client keys lose their "@ address". */
function comparable(report: JsonReport) {
  const client = (key: string | null) => (key ?? "").replace(/ @ .*$/, "");
  return {
    sessions: report.sessions.map((s) => [s.id, client(s.client), s.endedBy, s.reusedAcrossBatches]).sort(),
    clients: report.clients.map((c) => [c.userAgent, c.verdict, c.losses, c.batches]).sort(),
    losses: report.summary.sessionLosses,
    orphaned: report.summary.orphanedSessions,
    rules: [...new Set(report.findings.map((f) => `${f.rule} ${client(f.client)}`))].sort(),
  };
}

function checkScenario(har: JsonReport, events: JsonReport, batches: number) {
  assert.equal(har.input.format, "har");
  assert.deepEqual(comparable(har), comparable(events));
  const verdicts = Object.fromEntries(har.clients.map((c) => [c.userAgent, [c.verdict, c.losses]]));
  assert.deepEqual(verdicts, { "sdk-persisting-client/1.0": ["persists", 0], "openai-mcp/1.0.0": ["new-session-every-batch", batches - 1] });
}

test("the committed HAR (made by fixtures/make-har-fixture.mjs) gives the same sessions and verdicts as the server's log of the run", async () => {
  const [har, events] = await Promise.all([analyze([fixture("client.har")]), analyze([fixture("client.events.jsonl")])]);
  checkScenario(har, events, 3);
  // Evidence points at the line each entry starts on.
  const text = await readFile(fixture("client.har"), "utf8");
  const lines = text.split("\n");
  for (const finding of har.findings) for (const ref of finding.evidence) assert.match(lines[ref.line - 1]!, /^ {6}\{$/, `line ${ref.line} opens an entry`);
  // Gzipped, from stdin, with the format named: the same.
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-har-"));
  const gz = join(dir, "client.har.gz");
  await writeFile(gz, gzipSync(text));
  assert.deepEqual(comparable(await analyze([gz, "--input-format", "har"])), comparable(har));
});

test("live: the SDK clients recorded as HAR against the SDK server; the HAR and the server's log agree", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-har-live-"));
  const harPath = join(dir, "client.har");
  const eventsPath = join(dir, "events.jsonl");
  const used = await runHarScenario({ harPath, eventsPath, batches: 3, gapMs: 1200 });
  const gap = ["--batch-gap", "600ms"];
  const [har, events] = await Promise.all([analyze([harPath, ...gap]), analyze([eventsPath, ...gap])]);
  checkScenario(har, events, 3);
  assert.deepEqual(har.sessions.map((s) => s.id).sort(), [used.persisting, ...used.buggy].sort());
});
