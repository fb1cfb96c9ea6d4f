import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { stringOf } from "../../src/input/byte-strings.js";
import { parseEventsRawLine, readEventsBytes } from "../../src/input/events-bytes.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { InputSummary } from "../../src/input/input-summary.js";
import type { LineResult } from "../../src/input/line-result.js";
import { PACKED, type PackedEvents } from "../../src/input/event-codec.js";
import { readEvents } from "../../src/input/read-events.js";
import { seededRandom, type Random } from "../support/seeded-random.js";
import { readBothWays } from "../support/read-both-ways.js";

/**
 * readEventsBytes reads events lines from their bytes: whatever it reads must be exactly what
 * JSON.parse and the schemas give (parseEventsLine), down to absent-vs-null, -0 and the event's
 * every field; whatever it cannot show so it declines. It remembers across lines (the keys'
 * order, each key's last value, the second, interned strings), so lines are read in sequence, and
 * from inside a larger buffer, as they are in a chunk. The lines come from a fixed seed.
 */
const ref = { file: "log.jsonl", line: 7 };


/** Values in JSON text: each type, and the spellings a reader could get wrong. */
const STRINGS = ['"POST"', '"POS"', '"POSTS"', '"GET"', '"delete"', '""', '"r-1"', '"r-12"', '"initialize"', '"tools/call"', '"a\\"b"', '"a\\\\b"', '"\\u0000"', '"\\u2028"', '"é ü 日本"', '"\\ud800"', '"\ud800x"', '"tab\there"', '"cr\rhere"', '"\u007f"', '"a,\\"b\\":1}"', '"}"', '"21e2baed-3c2d-4a16-9acf-9357c68cb6a7"'];
const NUMBERS = ["0", "-0", "1", "-1", "200", "4242", "1e3", "1E3", "1.5", "0.5", "-0.0", "1.0", "01", "-", "1.", ".5", "+1", "9007199254740993", "123456789012345", "1234567890123456", "-123456789012345", "1e400", "1772409600085", "1772409600", "1772409600.5", "3.000000000000001", "00", "-01"];
const LITERALS = ["null", "true", "false", "nul", "True", "nulll", "truex", "fals"];
const NESTED = ["{}", "[]", '{"a":1}', "[1,2]", '{"event":"session_created"}', "[[[]]]", '{"a":[1,{"b":null}]}'];
const TIMESTAMPS = [
  '"2026-03-02T00:00:00.083Z"',
  '"2026-03-02T23:59:59.999Z"',
  '"2026-03-02T00:59:59.999Z"',
  '"2026-03-03T00:00:00.000Z"',
  '"2026-03-02T00:00:00.999Z"',
  '"2026-03-02T00:00:00,083Z"',
  '"2026-03-02T00:00:00.08/Z"',
  '"2026-03-02T00:00:60.000Z"',
  '"2026-03-02T00:60:00.000Z"',
  '"2026-03-02T24:00:00.000Z"',
  '"2026-03-02T24:30:00.000Z"',
  '"2026-02-30T00:00:00.000Z"',
  '"2026-02-28T10:00:00.000Z"',
  '"2026-13-01T00:00:00.000Z"',
  '"2026-03-02T0a:00:00.000Z"',
  '"2026-03-02T00:00:00.0a0Z"',
  '"2026-03-02T00:00:00.000z"',
  '"2026-03-02T00:00:00.000+"',
  '"2026-03-02T00:00:00.0000Z"',
  '"2026-03-02T00:00:00+02:00"',
  '"2026-03-02T00:00:00Z"',
  '"2026-03-02 00:00:00.000Z"',
  '"x"',
  "1772409600085",
  "1772409600",
  "1772409600.5",
  "-1",
  "0",
  "-0",
  "1e300",
  "99999999999999999",
  "null",
  "true",
  "[]",
  "{}",
];
const EVENTS = ['"mcp_request_headers"', '"mcp_response_headers"', '"session_created"', '"session_closed"', '"session_removed"', '"client_disconnected"', '"server_started"', '"unknown_event"', '"mcp_request_header"', '"mcp_request_headerz"', '"SESSION_CREATED"', '"server_startes"', "1", "null", "{}"];
const KEYS = ["request_id", "method", "mcp_session_id", "is_initialize", "rpc_method", "user_agent", "remote_address", "status", "session_id", "active_sessions", "elapsed_ms", "pid"];
/** Session ids that differ in one byte each, where a hash of a few bytes may not look. */
const SESSIONS = ['"21e2baed-3c2d-4a16-9acf-9357c68cb6a7"', '"21e2baed-3c2d-4a16-9acf-9357c68cb6a7"', '"21e2baed-3c2d-4a17-9acf-9357c68cb6a7"', '"21e2baed-3c2d-4a16-9acf-9357c68cb6a8"', '"21e2baed-3c2d-4a16-9acf-9357c68cb6a"', '"e07ab243-226b-4758-9a0b-a4053d5429eb"', "null"];
const TYPICAL: Record<string, readonly string[]> = {
  request_id: ['"r-1"', '"r-1"', '"r-39154"', '"r-391540"', "17", "-0", "null"],
  method: ['"POST"', '"POST"', '"GET"', '"DELETE"', '"POSTX"', "null"],
  mcp_session_id: SESSIONS,
  is_initialize: ["true", "false", "null"],
  rpc_method: ['"initialize"', '"tools/call"', '"tools/list"', "null"],
  user_agent: ['"mcp-inspector/0.17.0"', '"mcp-inspector/0.17.1"', '"openai-mcp/1.0.0"', "null"],
  remote_address: ['"10.244.66.230"', '"10.244.66.231"', '"10.251.200.160"', "null"],
  status: ["200", "202", "404", "null"],
  session_id: SESSIONS.filter((s) => s !== "null"),
  active_sessions: ["0", "11", "null"],
  elapsed_ms: ["103", "0", "null"],
  pid: ["4242", "null"],
};

function anyValue(random: Random): string {
  const kind = random.int(10);
  if (kind < 4) return random.pick(STRINGS);
  if (kind < 7) return random.pick(NUMBERS);
  if (kind < 9) return random.pick(LITERALS);
  return random.pick(NESTED);
}

/** A line's members in the instrumentation's order, mostly with the values it writes. */
function members(random: Random): [string, string][] {
  const list: [string, string][] = [
    ["event", random.next() < 0.9 ? random.pick(EVENTS.slice(0, 7)) : random.pick(EVENTS)],
    ["timestamp", random.next() < 0.8 ? TIMESTAMPS[random.int(4)]! : random.pick(TIMESTAMPS)],
  ];
  for (const key of KEYS) {
    const roll = random.next();
    if (roll < 0.45) continue;
    list.push([key, roll < 0.96 ? random.pick(TYPICAL[key]!) : anyValue(random)]);
  }
  return list;
}

/** The members written out, then bent the ways a log can bend them (a third of the lines). */
function line(random: Random): string {
  const list = members(random);
  const change = random.int(36);
  if (change === 0) list.reverse();
  if (change === 1) list.splice(random.int(list.length + 1), 0, [random.pick(["level", "msg", "__proto__", "even", "events", "timestamp2", "status_", "pi", "request_idx", "is_initializ"]), anyValue(random)]);
  if (change === 2 && list.length > 2) list.push([list[2 + random.int(list.length - 2)]![0], anyValue(random)]);
  if (change === 3) list.splice(random.int(list.length), 1);
  if (change === 4) list.push(list[random.int(list.length)]!);
  if (change === 5 && list.length > 3) list.splice(2, 0, list.splice(3, 1)[0]!);
  const separator = change === 6 ? random.pick([", ", " ,", ",\t", ",\r"]) : ",";
  const colon = change === 7 ? random.pick([": ", " :", ":\n"]) : ":";
  let text = `{${list.map(([key, value]) => `"${key}"${colon}${value}`).join(separator)}}`;
  if (change === 8) text = text.slice(0, random.int(text.length));
  if (change === 9) text += random.pick([" ", "\n", "x", "}", ",", "{}", "\r"]);
  if (change === 10) text = random.pick([" ", "\ufeff", "[", "\t"]) + text;
  if (change === 11) text = text.replace('{"', '{ "');
  if (change === 12) text = text.replace(/"([a-z_]+)":/, (_, key: string) => `"${key.toUpperCase()}":`);
  if (change === 13) text = text.replace(/"([a-z_]+)":/, (_, key: string) => `"${key.slice(0, 2)}\\u00${key.charCodeAt(2).toString(16)}${key.slice(3)}":`);
  if (change === 14) text = text.slice(0, -1);
  return text;
}

/** The line's bytes inside a buffer with other bytes on both sides, as lines sit in a chunk. */
function inChunk(random: Random, text: string): { bytes: Buffer; start: number; end: number } {
  const before = Buffer.from(random.pick(["", "\n", '"}', "{\"event\":1}\n", "9"]));
  const after = Buffer.from(random.pick(["", "\n", '"', '":1}', "0", "\u00e9"]));
  const bytes = Buffer.concat([before, Buffer.from(text), after]);
  return { bytes, start: before.length, end: before.length + Buffer.byteLength(text) };
}

/** Every line of a sequence read by both readers; how many the bytes reader took. */
function compareOn(seed: number, lines: number): number {
  const random = seededRandom(seed);
  let read = 0;
  for (let i = 0; i < lines; i++) {
    const text = line(random);
    const { bytes, start, end } = inChunk(random, text);
    const fromBytes: LineResult | undefined = readEventsBytes(bytes, start, end, text, ref);
    if (fromBytes === undefined) continue;
    read++;
    assert.deepStrictEqual(fromBytes, parseEventsLine(text, ref), text);
  }
  return read;
}

test("the bytes reader gives exactly what JSON.parse and the schemas give, on 30,000 generated lines in sequence", () => {
  const read = compareOn(0x5eed, 30_000);
  // The comparison only means something if the reader takes most lines itself.
  assert.ok(read > 8_000, `${read} lines read from bytes`);
});

test("the bytes reader reads every kind of event the way JSON.parse does", () => {
  const lines = [
    '{"event":"mcp_request_headers","timestamp":"2026-03-02T00:00:00.083Z","request_id":"r-1","method":"POST","mcp_session_id":null,"is_initialize":true,"rpc_method":"initialize","user_agent":"mcp-inspector/0.17.0","remote_address":"10.244.66.230"}',
    '{"event":"mcp_request_headers","timestamp":"2026-03-02T00:00:00.083Z","request_id":42,"method":"GET"}',
    '{"event":"mcp_request_headers","timestamp":1772409600,"request_id":-0,"method":"DELETE","rpc_method":null}',
    '{"event":"mcp_response_headers","timestamp":"2026-03-02T00:00:00.085Z","request_id":"r-1","mcp_session_id":"21e2baed-3c2d-4a16-9acf-9357c68cb6a7","status":200}',
    '{"event":"mcp_response_headers","timestamp":"2026-03-02T00:00:00.085Z","status":-0}',
    '{"event":"session_created","timestamp":"2026-03-02T00:00:00.083Z","session_id":"21e2","active_sessions":1}',
    '{"event":"session_closed","timestamp":"2026-03-02T00:00:01.155Z","session_id":"e07a","active_sessions":null}',
    '{"event":"session_removed","timestamp":"2026-03-02T00:00:01.155Z","session_id":"e07a"}',
    '{"event":"client_disconnected","timestamp":"2026-03-02T00:00:00.090Z","session_id":"21e2","elapsed_ms":103}',
    '{"event":"server_started","timestamp":"2026-03-02T00:00:00.001Z","pid":4242}',
    '{"timestamp":"2026-03-02T00:00:00.001Z","level":30,"event":"server_started"}',
  ];
  for (const text of lines) {
    const bytes = Buffer.from(text);
    const result = readEventsBytes(bytes, 0, bytes.length, text, ref);
    assert.notEqual(result, undefined, text);
    assert.deepStrictEqual(result, parseEventsLine(text, ref), text);
  }
});

test("lines the bytes reader cannot show equal are left to parseEventsLine", () => {
  const base = '{"event":"server_started","timestamp":"2026-03-02T00:00:00.001Z"';
  const declined = [',"pid":1.5}', ',"pid":1e3}', ',"pid":1234567890123456}', ',"pid":01}', ',"pid":"\\u0031"}', ', "pid":1}', ',"pid":1} ', ',"pid":1,"pid":2}', ',"pid":{}}', ',"level":[]}', ',"msg":"é"}', ',"msg":"\u007f"}', "}x", ',"event":"server_started"}'];
  for (const rest of declined) {
    const bytes = Buffer.from(base + rest);
    assert.equal(readEventsBytes(bytes, 0, bytes.length, base + rest, ref), undefined, rest);
  }
  for (const text of ['{"event":"unknown","timestamp":"2026-03-02T00:00:00.001Z"}', '{"event":"session_created","timestamp":"2026-03-02T00:00:00.001Z"}', '{"event":"server_started","timestamp":"2026-03-02T00:00:00.001+00:00"}']) {
    const bytes = Buffer.from(text);
    assert.equal(readEventsBytes(bytes, 0, bytes.length, text, ref), undefined, text);
  }
});

test("a timestamp in the second read before is that second's ms plus its own, its ms still checked", () => {
  // The second is kept as bytes: a line in it reads only its ms, its dot, its Z and its quote.
  const stamps = ["2026-03-02T10:20:30.000Z", "2026-03-02T10:20:30.999Z", "2026-03-02T10:20:30.5x0Z", "2026-03-02T10:20:30,500Z", "2026-03-02T10:20:30.500z", "2026-03-02T10:20:31.001Z", "2026-03-02T10:20:30.083Z", "2026-02-29T10:20:30.083Z", "2026-02-29T10:20:30.084Z", "2026-03-02T10:20:30.083Z"];
  for (const stamp of stamps) {
    const text = `{"event":"server_started","timestamp":"${stamp}","pid":1}`;
    const bytes = Buffer.from(`xx${text}yy`);
    const read = readEventsBytes(bytes, 2, bytes.length - 2, text, ref);
    const parsed = parseEventsLine(text, ref);
    if (read === undefined) assert.notEqual(parsed.type, "event", stamp);
    else assert.deepEqual(read, parsed, stamp);
    if (parsed.type === "event") assert.equal(read?.type, "event", stamp);
  }
});

test("equal values read from bytes are one string object, as packing's comparisons by reference want", () => {
  const session = "9f1c7a52-1111-4b8e-8e0e-0a1b2c3d4e5f";
  const texts = [
    `{"event":"session_created","timestamp":"2026-03-02T00:00:00.083Z","session_id":"${session}","active_sessions":1}`,
    `{"event":"mcp_request_headers","timestamp":"2026-03-02T00:00:00.084Z","request_id":"r-1","method":"POST","mcp_session_id":"${session}"}`,
    `{"event":"mcp_response_headers","timestamp":"2026-03-02T00:00:00.085Z","request_id":"r-1","mcp_session_id":"${session}","status":200}`,
  ];
  const events = texts.map((text) => {
    const bytes = Buffer.from(`\n${text}\n`);
    const result = readEventsBytes(bytes, 1, bytes.length - 1, text, ref);
    assert.equal(result?.type, "event");
    return (result as Extract<LineResult, { type: "event" }>).event as unknown as Record<string, string>;
  });
  assert.equal(events[0]!.sessionId, session);
  assert.ok(Object.is(events[0]!.sessionId, events[1]!.sessionId) && Object.is(events[1]!.sessionId, events[2]!.sessionId));
  assert.equal(events[2]!.requestId, "r-1");
});

test("a value's string is its bytes' wherever they are in the buffer, each value read again after others", () => {
  const values = Array.from({ length: 2_000 }, (_, i) => `value-${i}-${"x".repeat(i % 300)}`);
  const text = values.map((value) => `"${value}"`).join(",");
  const bytes = Buffer.from(`[${text}]`);
  for (const round of [0, 1]) {
    let at = 1;
    for (let i = 0; i < values.length; i++) {
      const start = at + 1;
      const end = start + values[i]!.length;
      if (i % 7 === round) assert.equal(stringOf(bytes, start, end), values[i]);
      at = end + 2;
    }
  }
});

test("a file read through the bytes reader gives the events and skips parseEventsLine gives its lines: BOM, CRLF, repeats, a cut last line", async () => {
  const random = seededRandom(0xf11e);
  const texts: string[] = [];
  while (texts.length < 900) {
    const text = line(random);
    if (!/[\r\n]/.test(text)) texts.push(random.int(20) === 0 && texts.length > 0 ? texts[texts.length - 1 - random.int(Math.min(texts.length, 30))]! : text);
  }
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-bytes-")), "log.jsonl");
  await writeFile(path, `\ufeff${texts.map((text, i) => (i % 3 === 0 ? `${text}\r` : text)).join("\n")}`);
  const summary = new InputSummary();
  const events: Event[] = [];
  for await (const batch of readEvents(path, summary, { strict: false, inputFormat: "events" })) events.push(...batch);
  const expected: Event[] = [];
  const skips: string[] = [];
  texts.forEach((text, i) => {
    const ref = { file: path, line: i + 1 };
    const earlier = texts.indexOf(text);
    const result: LineResult = earlier < i ? { type: "skip", reason: `duplicate of line ${earlier + 1}` } : parseEventsLine(text, ref);
    if (result.type === "event") expected.push(result.event);
    const truncated = i === texts.length - 1 ? "truncated last line (no newline at end of file): " : "";
    if (result.type === "skip") skips.push(`${i + 1}: ${truncated}${result.reason}`);
  });
  assert.ok(expected.length > 400, `${expected.length} events`);
  assert.deepStrictEqual(events, expected);
  assert.deepStrictEqual(summary.skipped.map((s) => `${s.line}: ${s.reason}`), skips.slice(0, summary.skipped.length));
  assert.equal(summary.skippedCount, skips.length);
});

test("after a run of lines the bytes reader declines, it rests and tries again, with the same results", () => {
  const request = (i: number, note: string) => `{"event":"mcp_request_headers","timestamp":"2026-03-02T00:00:0${i % 10}.083Z","request_id":"r-${i}","method":"POST","mcp_session_id":"s-${i % 3}"${note}}`;
  const texts = Array.from({ length: 6000 }, (_, i) => request(i, i < 100 || (i >= 5000 && i % 2 === 0) ? ',"note":"é"' : ""));
  let fromBytes = 0;
  texts.forEach((text, i) => {
    const bytes = Buffer.from(text);
    const ref = { file: "log.jsonl", line: i + 1 };
    if (i >= 4200 && readEventsBytes(bytes, 0, bytes.length, text, ref) !== undefined) fromBytes++;
    assert.deepStrictEqual(parseEventsRawLine({ line: i + 1, text, terminated: true, tooLong: false, invalidUtf8: false, hash: 0, bytes, start: 0, end: bytes.length }, ref), parseEventsLine(text, ref), text);
  });
  assert.ok(fromBytes > 1000, `${fromBytes} lines read from bytes after the rest`);
});

/** A file's batches as a reading thread's rows, with every string resolved: what the fold reads of them. */
function resolved(batches: readonly PackedEvents[]): string[] {
  return batches.map(({ count, ints, nums, strings }) => {
    assert.equal(new Set(strings).size, strings.length, "a batch's strings are distinct");
    const rows: string[] = [];
    for (let e = 0; e < count; e++) {
      const row = Array.from(ints.subarray(e * PACKED.INTS, (e + 1) * PACKED.INTS), (v, k) => (k === PACKED.kind || k === PACKED.isInitialize || v < 0 ? v : strings[v]));
      rows.push(JSON.stringify([...row, ...Array.from(nums.subarray(e * PACKED.NUMS, (e + 1) * PACKED.NUMS), String)]));
    }
    return rows.join("\n");
  });
}

test("a reading thread's rows, written from the bytes, are the batches packEvents makes of orderWithinWindow over readEvents, with the same summary", async () => {
  const random = seededRandom(0x20a5);
  const texts: string[] = [];
  while (texts.length < 12_000) {
    // Times a second apart, jittered, and now and then late by more than the reorder window.
    const late = random.int(50) === 0 ? 9_000_000 : random.int(3000);
    const at = new Date(Date.parse("2026-03-02T00:00:00.000Z") + texts.length * 1000 - late).toISOString();
    const text = line(random).replace(/"2026-03-0[23]T[0-9:.]{12}Z"/, `"${at}"`);
    if (!/[\r\n]/.test(text)) texts.push(random.int(40) === 0 && texts.length > 0 ? texts[texts.length - 1 - random.int(Math.min(texts.length, 30))]! : text);
  }
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-rows-")), "log.jsonl");
  await writeFile(path, `${texts.join("\n")}\n`);
  for (const options of [{}, { requestIdPrefix: "1:" }, { instanceFrom: { from: "field", field: "method" } as const }, { instanceFrom: { from: "filename" } as const }]) {
    const { expected, expectedSummary, batches, summary } = await readBothWays(path, options);
    assert.ok(expected.reduce((n, b) => n + b.count, 0) > 4000);
    // Lines late by more than the window: the warnings beyond those readEvents gives alone.
    const unordered = new InputSummary();
    for await (const _ of readEvents(path, unordered, { strict: false, ...options }));
    assert.ok(expectedSummary.warningCount > unordered.warningCount + 50, `${expectedSummary.warningCount} warnings`);
    assert.deepStrictEqual(resolved(batches), resolved(expected), JSON.stringify(options));
    assert.deepStrictEqual(summary.snapshot(), expectedSummary.snapshot(), JSON.stringify(options));
  }
});

test("lines auto-detection read past a chunk are parsed from their own bytes, not from the chunk read into their buffer since", async () => {
  // 16 KiB lines, 64 to a 1 MiB chunk: when detection (100 lines, none of a known format) is done,
  // the first chunk's buffer holds lines 129-192, each where a line of the first chunk was. Were
  // the first lines read from it, they would be those events.
  const lineOf = (text: string) => text.slice(0, -2) + "x".repeat(16383 - text.length) + '"}';
  const texts = Array.from({ length: 256 }, (_, i) =>
    lineOf(i < 128 ? `{"n":${i},"pad":""}` : `{"event":"session_created","timestamp":"2026-03-02T00:00:00.000Z","session_id":"s-${i}","pad":""}`),
  );
  assert.ok(texts.every((text) => Buffer.byteLength(text) === 16383));
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-bytes-")), "log.jsonl");
  await writeFile(path, texts.join("\n") + "\n");
  for (const options of [{}, { inputFormat: "events" as const }]) {
    const summary = new InputSummary();
    const events: Event[] = [];
    for await (const batch of readEvents(path, summary, { strict: false, ...options })) events.push(...batch);
    assert.deepEqual(events.map((e) => e.ref.line), Array.from({ length: 128 }, (_, i) => i + 129));
    assert.equal(summary.skippedCount, 128);
  }
});
