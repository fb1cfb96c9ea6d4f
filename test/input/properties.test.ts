import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { InputSummary } from "../../src/input/input-summary.js";
import { readEvents } from "../../src/input/read-events.js";
import { countLines } from "../hostile/check-output.js";
import { runCli } from "../support/run-cli.js";

const ref = { file: "log.jsonl", line: 1 };
const EVENTS = ["mcp_request_headers", "mcp_response_headers", "session_created", "session_closed", "session_removed", "client_disconnected", "server_started", "other"];
const FIELDS = ["timestamp", "request_id", "method", "mcp_session_id", "is_initialize", "rpc_method", "user_agent", "remote_address", "status", "session_id", "active_sessions", "elapsed_ms", "pid"];

/** Objects shaped like log lines, with every field of any JSON type: the parser's real input. */
const eventLike = fc.record(
  {
    event: fc.oneof(fc.constantFrom(...EVENTS), fc.jsonValue()),
    ...Object.fromEntries(FIELDS.map((f) => [f, fc.oneof(fc.jsonValue(), fc.constant("2026-03-01T10:00:00Z"), fc.double(), fc.string({ unit: "binary" }))])),
  },
  { requiredKeys: ["event"] },
);

/** Lines as a broken log holds them: valid events, junk, control bytes, BOMs and CRs. */
const logLine = fc.oneof(
  eventLike.map((o) => JSON.stringify(o)),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", " ", "\r", "\ufeff{}", "\u001b[2J", "{", "null", "[]", '{"event":"server_started","timestamp":1}'),
);

/** One line each: a newline inside would make the expected events harder to state. */
const oneLine = logLine.map((line) => line.replace(/\n/g, " "));

let dir = "";
before(async () => (dir = await mkdtemp(join(tmpdir(), "mcp-forensics-prop-"))));
after(async () => rm(dir, { recursive: true, force: true }));

async function readAll(bytes: Uint8Array, maxLineBytes?: number) {
  const path = join(dir, "log.jsonl");
  await writeFile(path, bytes);
  const summary = new InputSummary();
  const events: Event[] = [];
  for await (const batch of readEvents(path, summary, { strict: false, ...(maxLineBytes === undefined ? {} : { maxLineBytes }) })) events.push(...batch);
  return { summary, events };
}

function assertAccounted(bytes: Uint8Array, summary: InputSummary, events: readonly Event[]) {
  const [file] = summary.files;
  assert.equal(file!.lines, countLines(bytes), "every line of the file is read");
  assert.equal(file!.lines, file!.events + file!.ignored + file!.skipped, "lines = events + ignored + skipped");
  assert.equal(file!.events, events.length);
  assert.equal(summary.skippedCount, file!.skipped);
  assert.ok(events.every((e) => Number.isFinite(e.at)), "every event has a finite time");
}

test("parseEventsLine never throws, on any string, any JSON, or any event-shaped object", () => {
  const check = (text: string) => {
    const result = parseEventsLine(text, ref);
    assert.ok(result.type === "event" || result.type === "ignored" || (result.type === "skip" && result.reason.length > 0));
    if (result.type === "event") assert.ok(Number.isFinite(result.event.at));
  };
  fc.assert(fc.property(fc.string({ unit: "binary" }), check), { numRuns: 500 });
  fc.assert(fc.property(fc.json(), check), { numRuns: 500 });
  fc.assert(fc.property(eventLike, (o) => check(JSON.stringify(o))), { numRuns: 1000 });
});

test("the reader accounts for every line of arbitrary bytes", async () => {
  const bytes = fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(Uint8Array.of(10), Uint8Array.of(13, 10), Uint8Array.of(0xef, 0xbb, 0xbf))), { maxLength: 30 });
  await fc.assert(
    fc.asyncProperty(bytes, fc.option(fc.integer({ min: 1, max: 64 })), async (parts, max) => {
      const content = Buffer.concat(parts);
      // Bytes that open with gzip's magic (1f 8b) are read as gzip, by design: rotated logs keep
      // their content, not their name. A broken gzip stream has tests of its own (input-sources).
      fc.pre(!(content[0] === 0x1f && content[1] === 0x8b));
      const { summary, events } = await readAll(content, max ?? undefined);
      assertAccounted(content, summary, events);
    }),
    { numRuns: 200 },
  );
});

test("the reader accounts for every line of an arbitrary broken log, and skips only what it must", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(oneLine, { maxLength: 40 }), fc.boolean(), fc.boolean(), async (lines, crlf, terminated) => {
      const content = Buffer.from(lines.join(crlf ? "\r\n" : "\n") + (terminated && lines.length > 0 ? "\n" : ""));
      const { summary, events } = await readAll(content);
      assertAccounted(content, summary, events);
      // A line that parses on its own is never lost, except as a repeat of an earlier line.
      const parsed = lines.filter((l, i) => parseEventsLine(l.replace(/^\ufeff/, i === 0 ? "" : "\ufeff"), ref).type === "event");
      assert.equal(events.length, new Set(parsed).size);
    }),
    { numRuns: 200 },
  );
});

test("the CLI on arbitrary logs exits 0 or 1 and never prints a raw escape byte", async () => {
  const valid = '{"event":"session_created","timestamp":"2026-03-01T10:00:00Z","session_id":"s","active_sessions":1}';
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(logLine, { maxLength: 20 }), async (lines) => {
      const path = join(dir, `cli-${run++}.jsonl`);
      await writeFile(path, [valid, ...lines].join("\n"));
      const result = await runCli(["analyze", path, "--format", "markdown"]);
      assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
      assert.ok(!result.stdout.includes("\u001b") && !result.stderr.includes("\u001b"), "no raw ESC");
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }),
    // Each run starts a process (~0.7 s on 2 cores): few runs, the in-process properties do the volume.
    { numRuns: 15 },
  );
});
