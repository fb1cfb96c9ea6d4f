import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isUtf8 } from "node:buffer";
import { test } from "node:test";
import type { Event, LineRef } from "../../src/events.js";
import { PACKED, type PackedEvents } from "../../src/input/event-codec.js";
import { exchangeEvents, pathOf } from "../../src/input/exchange-events.js";
import { InputSummary } from "../../src/input/input-summary.js";
import type { LineResult } from "../../src/input/line-result.js";
import { parseJsonObject } from "../../src/input/parse-json-object.js";
import { parseEpochTimestamp } from "../../src/input/parse-timestamp.js";
import { scanPinoBytes } from "../../src/input/pino-bytes.js";
import { isRequestIdCode, requestIdOfCode } from "../../src/input/request-id-code.js";
import { newPinoFields } from "../../src/input/pino-exchange.js";
import { createPinoParser, createPinoRawParser } from "../../src/input/pino-format.js";
import { readEvents } from "../../src/input/read-events.js";
import type { RawLine } from "../../src/input/read-lines.js";
import { seededRandom, type Random } from "../support/seeded-random.js";
import { readBothWays } from "../support/read-both-ways.js";

/**
 * The pino bytes reader (scanPinoBytes) must give, for every line it takes, exactly what
 * JSON.parse and the property reads of the parser before it gave: the same events, skips and
 * ignored kinds, down to -0, absent-vs-null and the restarts a pid change makes; every other
 * line it must decline. The reference is that parser as it was (cc415bc), kept here whole. It
 * remembers across lines (pids by hostname, interned strings), so lines are read in sequence,
 * and from inside a larger buffer, as they sit in a chunk. The lines come from a fixed seed.
 */
function referencePinoParser(endpoint: string): (text: string, ref: LineRef) => LineResult {
  type JsonObject = Record<string, unknown>;
  const isJsonObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
  const header = (headers: JsonObject, name: string): string | null => {
    const value = headers[name];
    if (typeof value === "string") return value;
    if (Array.isArray(value) && typeof value[0] === "string") return value[0];
    return null;
  };
  const pidOf = new Map<string, number>();
  return (text, ref) => {
    const parsed = parseJsonObject(text);
    if ("skip" in parsed) return parsed.skip;
    const value = parsed.object;
    const { req, res } = value;
    if (!isJsonObject(req) || !isJsonObject(res)) return { type: "ignored", eventName: "pino: line without req/res" };
    if (typeof req.url !== "string" || pathOf(req.url) !== endpoint) return { type: "ignored", eventName: "pino: request to another path" };
    if (typeof value.time !== "number") return { type: "skip", reason: value.time === undefined ? "missing field time" : `field time: expected epoch milliseconds, received ${typeof value.time}` };
    const finishedAt = parseEpochTimestamp(value.time);
    if (finishedAt === null) return { type: "skip", reason: `field time is not a usable epoch time: ${value.time}` };
    if (typeof req.method !== "string") return { type: "skip", reason: "field req.method: expected string" };
    const responseTime = typeof value.responseTime === "number" && value.responseTime >= 0 ? value.responseTime : 0;
    const startedAt = finishedAt - responseTime;
    const requestHeaders = isJsonObject(req.headers) ? req.headers : null;
    const responseHeaders = isJsonObject(res.headers) ? res.headers : null;
    const events: Event[] = [];
    if (typeof value.pid === "number") {
      const host = typeof value.hostname === "string" ? value.hostname : "";
      const previous = pidOf.get(host);
      pidOf.set(host, value.pid);
      if (previous !== undefined && previous !== value.pid) events.push({ at: startedAt, ref, kind: "server-started", pid: Number.isInteger(value.pid) ? value.pid : null });
    }
    exchangeEvents(
      {
        ref,
        startedAt,
        finishedAt,
        method: req.method,
        sessionId: requestHeaders ? header(requestHeaders, "mcp-session-id") : undefined,
        responseSessionId: responseHeaders ? header(responseHeaders, "mcp-session-id") : undefined,
        status: typeof res.statusCode === "number" && Number.isInteger(res.statusCode) ? res.statusCode : null,
        userAgent: requestHeaders ? header(requestHeaders, "user-agent") : null,
        remoteAddress: typeof req.remoteAddress === "string" ? req.remoteAddress : null,
        contentType: responseHeaders ? header(responseHeaders, "content-type") : null,
      },
      events,
    );
    return { type: "events", events, loggedAt: finishedAt };
  };
}


/** A JSON value as text, or an object as its members (keys as JSON text too, so that they may be escaped or repeated). */
type Node = string | Member[];
type Member = [string, Node];

const STRINGS = ['"POST"', '"GET"', '""', '"a\\"b"', '"a\\\\b"', '"\\/mcp"', '"\\u0000"', '"\\u2028"', '"é ü 日本"', '"\\ud800"', '"\\uDFFF\\uD800"', '"tab\\there"', '"\u007f"', '"a,\\"b\\":1}"', '"}"', '"\\x"', '"\\x0041"', '"\\a0000"', '"\\u12"', '"\\u12g4"', '"\t"', '"\u0001"', '"\u2028"', '"21e2baed-3c2d-4a16-9acf-9357c68cb6a7"', '"/mcp"', '"x'.padEnd(300, "y") + '"'];
const NUMBERS = ["0", "-0", "1", "-1", "200", "4242", "1e3", "1E3", "1e+3", "1e-3", "1.5", "0.5", "-0.0", "1.0", "2e2", "200.0", "01", "-", "1.", ".5", "+1", "1e", "1e+", "--1", "0x10", "9007199254740993", "123456789012345", "1234567890123456", "-123456789012345", "12345678901234567890123", "1e400", "-1e400", "1e-400", "1772409600085", "1772409600", "1772409600.5", "3.000000000000001", "0.1", "00", "-01", "Infinity", "NaN"];
const LITERALS = ["null", "true", "false", "nul", "True", "nulll", "truex", "fals", "undefined"];
const NESTED = ["{}", "[]", '{"a":1}', "[1,2]", "[[[]]]", '{"a":[1,{"b":null}]}', '{"req":{"url":"/mcp"}}', "[1,]", "{,}", '{"a"}', '{"a":}', "[", "{", '["a" "b"]', '{"a":1,}', "[".repeat(70) + "]".repeat(70), '{"a":'.repeat(70) + "1" + "}".repeat(70)];
const HEADER_ARRAYS = ['["s-1","s-2"]', '["s-1"]', "[]", '[1,"s-1"]', '[null]', '[["s-1"]]', '["\\u0073-1"]', '["s-1",{"a":[]}]', '["s-1",]', '["s-1" 1]'];

/** A random JSON number's text (sometimes not one): digits, fraction and exponent of every length. */
function anyNumber(random: Random): string {
  const digits = (n: number) => Array.from({ length: n }, () => random.int(10)).join("");
  let text = random.next() < 0.3 ? "-" : "";
  text += random.next() < 0.2 ? "0" : String(1 + random.int(9)) + digits(random.int(22));
  if (random.next() < 0.3) text += `.${digits(random.int(20))}`;
  if (random.next() < 0.2) text += `${random.pick(["e", "E"])}${random.pick(["", "+", "-"])}${digits(random.int(4))}`;
  return text;
}

function anyValue(random: Random): string {
  const kind = random.int(12);
  if (kind < 4) return random.pick(STRINGS);
  if (kind < 6) return random.pick(NUMBERS);
  if (kind < 7) return anyNumber(random);
  if (kind < 9) return random.pick(LITERALS);
  if (kind < 10) return random.pick(HEADER_ARRAYS);
  return random.pick(NESTED);
}

const q = (text: string) => JSON.stringify(text);
const HOSTS = ["mcp-1", "mcp-2", ""];
const SESSIONS = ["21e2baed-3c2d-4a16-9acf-9357c68cb6a7", "21e2baed-3c2d-4a16-9acf-9357c68cb6a8", "3ee5a45a-2e73-4690-9cb0-dfce356b83c7", "s"];
const AGENTS = ["mcp-inspector/0.17.0", "mcp-remote/0.1.29", "openai-mcp/1.0.0", "kube-probe/1.31", "ünï/1"];
const URLS = ["/mcp", "/mcq", "/mcP", "/mcp?x=1", "/mcp?", "/health", "/mcp/", "/MCP", "/mc", "", "/mcpx", "/mcp#a", "/mcé", "?/mcp"];

/** A pino-http line's members as its default serializers write them, with values varied within their kinds. */
function pinoMembers(random: Random, line: number): Member[] {
  const session = random.next() < 0.6 ? q(random.pick(SESSIONS)) : null;
  const method = random.pick(['"POST"', '"POST"', '"GET"', '"DELETE"', '"get"']);
  const reqHeaders: Member[] = [['"host"', '"mcp.example.com"'], ['"connection"', '"keep-alive"']];
  if (session !== null) reqHeaders.push(['"mcp-session-id"', session], ['"mcp-protocol-version"', '"2025-11-25"']);
  reqHeaders.push(['"user-agent"', q(random.pick(AGENTS))], ['"content-type"', '"application/json"'], ['"accept"', '"application/json, text/event-stream"'], ['"content-length"', q(String(random.int(300)))]);
  const resHeaders: Member[] = [['"x-powered-by"', '"Express"']];
  if (random.next() < 0.6) resHeaders.push(['"content-type"', q(random.pick(["text/event-stream", "application/json", "text/event-stream; charset=utf-8"]))]);
  if (random.next() < 0.7) resHeaders.push(['"mcp-session-id"', session ?? q(random.pick(SESSIONS))]);
  if (random.next() < 0.5) resHeaders.push(['"content-length"', String(random.int(500))]);
  const time = 1772409600000 + line * 37;
  return [
    ['"level"', "30"],
    ['"time"', String(time)],
    ['"pid"', random.next() < 0.97 ? "4242" : random.pick(["4243", "7", "-0", "0"])],
    ['"hostname"', q(random.pick(HOSTS))],
    [
      '"req"',
      [
        ['"id"', String(line)],
        ['"method"', method],
        ['"url"', q(random.next() < 0.7 ? "/mcp" : random.pick(URLS))],
        ['"query"', "{}"],
        ['"params"', "{}"],
        ['"headers"', reqHeaders],
        ['"remoteAddress"', q(`10.0.${random.int(3)}.${random.int(255)}`)],
        ['"remotePort"', String(40000 + random.int(20000))],
      ],
    ],
    ['"res"', [['"statusCode"', random.pick(["200", "202", "404", "500"])], ['"headers"', resHeaders]]],
    ['"responseTime"', String(random.int(50))],
    ['"msg"', '"request completed"'],
  ];
}

/** Every object among the members (the line itself first). */
function objectsOf(members: Member[]): Member[][] {
  const all = [members];
  for (const [, value] of members) if (typeof value !== "string") all.push(...objectsOf(value));
  return all;
}

const ODD_KEYS = ['"time"', '"pid"', '"hostname"', '"responseTime"', '"req"', '"res"', '"method"', '"url"', '"remoteAddress"', '"headers"', '"statusCode"', '"mcp-session-id"', '"user-agent"', '"content-type"', '"__proto__"', '"constructor"', '"tim\\u0065"', '"ti\\\\me"', '"é"', '""', '"x"', '"req "', '"Req"', '"MCP-SESSION-ID"'];
const ESCAPED_KEYS: Record<string, string> = { '"time"': '"\\u0074ime"', '"req"': '"re\\u0071"', '"url"': '"\\u0075rl"', '"mcp-session-id"': '"mcp\\u002dsession-id"', '"headers"': '"head\\u0065rs"', '"user-agent"': '"user-agen\\u0074"' };

/** The members bent in one of the ways a log can bend them, or left as they are (about half the lines). */
function bend(random: Random, members: Member[]): void {
  const objects = objectsOf(members);
  const object = random.pick(objects);
  const change = random.int(20);
  if (change === 0 && object.length > 0) random.pick(object)[1] = anyValue(random);
  if (change === 1 && object.length > 0) object.splice(random.int(object.length), 1);
  if (change === 2 && object.length > 0) {
    const [key] = random.pick(object);
    object.splice(random.int(object.length + 1), 0, [key, random.next() < 0.5 ? anyValue(random) : random.pick(object)[1]]);
  }
  if (change === 3) object.splice(random.int(object.length + 1), 0, [random.pick(ODD_KEYS), anyValue(random)]);
  if (change === 4) {
    const headers = objects.filter((o) => o.some(([key]) => key === '"x-powered-by"' || key === '"host"'));
    const target = random.pick(headers);
    target.splice(random.int(target.length + 1), 0, [random.pick(['"mcp-session-id"', '"user-agent"', '"content-type"']), random.pick(HEADER_ARRAYS)]);
  }
  if (change === 5) {
    for (const o of objects) for (const member of o) if (ESCAPED_KEYS[member[0]] !== undefined && random.next() < 0.2) member[0] = ESCAPED_KEYS[member[0]]!;
  }
  if (change === 6) random.pick(objects.slice(1)).unshift(['"a"', random.pick(NESTED)]);
}

function serialize(node: Node, colon = ":", comma = ","): string {
  return typeof node === "string" ? node : `{${node.map(([key, value]) => `${key}${colon}${serialize(value, colon, comma)}`).join(comma)}}`;
}

/** A line of the sequence: a pino line, bent, then its text bent now and then. */
function line(random: Random, index: number): string {
  const members = pinoMembers(random, index);
  if (random.next() < 0.5) bend(random, members);
  if (random.next() < 0.1) bend(random, members);
  const roll = random.int(40);
  let text = serialize(members, roll === 0 ? random.pick([": ", " :", ":\t"]) : ":", roll === 1 ? random.pick([", ", ",\r", ",\n"]) : ",");
  const at = random.int(text.length + 1);
  if (roll === 2) text = text.slice(0, at);
  if (roll === 3) text = text.slice(0, at) + random.pick([" ", "\t", "\r", '"', "\\", ",", ":", "{", "}", "[", "]", "0", "a", "\u0001", "é", "\u2028", "\ufeff", "\u0000"]) + text.slice(at);
  if (roll === 4) text = text.slice(0, at) + text.slice(at + 1);
  if (roll === 5) text += random.pick([" ", "x", "}", ",", "{}", "\r", "\t", "0"]);
  if (roll === 6) text = random.pick([" ", "\ufeff", "[", "\t", "\r"]) + text;
  if (roll === 7) text = random.pick(["[]", "null", '"x"', "1", "{}", '{"level":30,"time":1772409600001,"pid":4242,"hostname":"mcp-1","msg":"listening"}', "[{}]"]);
  return text;
}

/** The line's bytes inside a buffer with other bytes on both sides, as lines sit in a chunk, as a RawLine. */
function rawLine(random: Random, text: string, line: number): RawLine {
  const before = Buffer.from(random.pick(["", "\n", '"}', '{"a":1}\n', "9"]));
  const after = Buffer.from(random.pick(["", "\n", '"', '":1}', "0", "}", "]", ',"x":1}', "\u00e9"]));
  const body = Buffer.from(text);
  const bytes = Buffer.concat([before, body, after]);
  // The text is what the bytes decode to (a lone surrogate written out is U+FFFD's bytes).
  return { line, text: body.toString("utf8"), terminated: true, tooLong: false, invalidUtf8: false, hash: 0, bytes, start: before.length, end: before.length + body.length };
}

/** Reads a sequence of generated lines with both parsers; how many the bytes reader took. */
function compareOn(seed: number, count: number, endpoint = "/mcp"): number {
  const random = seededRandom(seed);
  const reference = referencePinoParser(endpoint);
  const parse = createPinoRawParser({ endpoint }, "app.log", null);
  const endpointBytes = Buffer.from(endpoint);
  let read = 0;
  for (let i = 1; i <= count; i++) {
    const raw = rawLine(random, line(random, i), i);
    if (scanPinoBytes(raw.bytes, raw.start, raw.end, endpointBytes, newPinoFields())) read++;
    assert.deepStrictEqual(parse(raw), reference(raw.text, { file: "app.log", line: i }), raw.text);
  }
  return read;
}

test("the bytes reader gives exactly what JSON.parse and the parser before it give, on 40,000 generated lines in sequence", () => {
  const read = compareOn(0x9170, 40_000);
  // The comparison only means something if the reader takes most lines itself.
  assert.ok(read > 25_000, `${read} lines read from bytes`);
});

test("the same with another endpoint, one not ASCII and one UTF-8 cannot hold", () => {
  assert.ok(compareOn(0x9171, 5_000, "/mcé") > 3000);
  assert.ok(compareOn(0x9172, 5_000, "/health") > 3000);
  compareOn(0x9173, 2_000, "/mc\ud800");
});

test("numbers are read as JSON.parse reads them, in every field that reads one", () => {
  const random = seededRandom(0x9174);
  const reference = referencePinoParser("/mcp");
  const parse = createPinoRawParser({ endpoint: "/mcp" }, "app.log", null);
  let read = 0;
  for (let i = 1; i <= 20_000; i++) {
    const members = pinoMembers(random, i);
    const [object, place] = random.pick([
      [members, 1],
      [members, 2],
      [members, 6],
      [members[5]![1] as Member[], 0],
    ] as const);
    object[place]![1] = random.next() < 0.8 ? anyNumber(random) : random.pick(NUMBERS);
    const raw = rawLine(random, serialize(members), i);
    if (scanPinoBytes(raw.bytes, raw.start, raw.end, Buffer.from("/mcp"), newPinoFields())) read++;
    assert.deepStrictEqual(parse(raw), reference(raw.text, { file: "app.log", line: i }), raw.text);
  }
  assert.ok(read > 10_000, `${read} lines read from bytes`);
});

test("the bytes reader takes odd lines that are valid JSON, and declines those it cannot show equal", () => {
  const base = (req: string, rest = "") => `{"time":1772409600085,"pid":1,"hostname":"h","req":{"method":"POST","url":"/mcp",${req}"remoteAddress":"10.0.0.1"},"res":{"statusCode":200}${rest}}`;
  const taken = [
    base('"headers":{"user-agent":["a","b"],"x":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud800"},'),
    base('"headers":{"mcp-session-id":[],"user-agent":[1,"a"]},'),
    base('"headers":{"user-agent":"ünï/1"},'),
    base("", ',"msg":"é \u2028 \u007f","level":1e3,"x":[1,-0,0.5,1E+2,{"a":[[],{}]}],"__proto__x":null'),
    base("", ',"responseTime":1.5'),
    base('"x":{"__proto__":1,"y":1,"y":2},'),
    `{"level":30,"time":1,"msg":"listening"}`,
    `{"req":[],"res":{}}`,
    `{"time":"1","req":{"url":"/mcp"},"res":{}}`,
  ];
  const declined = [
    base('"headers":{"user-agent":"\\u0061"},'),
    base('"headers":{"user-agent":"a","user-agent":"b"},'),
    base('"__proto__":{},'),
    base('"head\\u0065rs":{},'),
    base("", ',"x":"\u0001"'),
    base("", ',"x":"\\x"'),
    base("", ',"x":01'),
    base("", ',"x":1.'),
    base("", ',"x":[1,]'),
    base("", ',"x":' + "[".repeat(100) + "]".repeat(100)),
    base("", ', "x":1'),
    base("", ',"x":1') + " ",
    base("", ',"time":2'),
    base("", ',"x":"\\ud800\\u"'),
    `{"req":{"url":"/\\u006dcp"},"res":{}}`,
  ];
  const endpoint = Buffer.from("/mcp");
  for (const text of taken) {
    const bytes = Buffer.from(text);
    assert.ok(scanPinoBytes(bytes, 0, bytes.length, endpoint, newPinoFields()), text);
  }
  for (const text of declined) {
    const bytes = Buffer.from(text);
    assert.equal(scanPinoBytes(bytes, 0, bytes.length, endpoint, newPinoFields()), false, text);
  }
  const reference = referencePinoParser("/mcp");
  const parse = createPinoRawParser({ endpoint: "/mcp" }, "app.log", null);
  [...taken, ...declined].forEach((text, i) => {
    const bytes = Buffer.from(text);
    const raw: RawLine = { line: i + 1, text, terminated: true, tooLong: false, invalidUtf8: false, hash: 0, bytes, start: 0, end: bytes.length };
    assert.deepStrictEqual(parse(raw), reference(text, { file: "app.log", line: i + 1 }), text);
  });
});

test("after a run of lines the bytes reader declines, it rests and tries again, with the same results", () => {
  const reference = referencePinoParser("/mcp");
  const parse = createPinoRawParser({ endpoint: "/mcp" }, "app.log", null);
  const random = seededRandom(0x9175);
  let fromBytes = 0;
  for (let i = 1; i <= 6000; i++) {
    const text = serialize(pinoMembers(random, i)).replace('"host"', i < 100 || (i >= 5000 && i % 2 === 0) ? '"ho\\u0073t"' : '"host"');
    const raw = rawLine(random, text, i);
    if (i >= 4200 && scanPinoBytes(raw.bytes, raw.start, raw.end, Buffer.from("/mcp"), newPinoFields())) fromBytes++;
    assert.deepStrictEqual(parse(raw), reference(raw.text, { file: "app.log", line: i }), text);
  }
  assert.ok(fromBytes > 1000, `${fromBytes} lines read from bytes after the rest`);
});

/** Generated lines, with now and then a repeat of an earlier one or bytes that are not UTF-8. */
function fileLines(seed: number, count: number): Buffer[] {
  const random = seededRandom(seed);
  const lines: Buffer[] = [];
  while (lines.length < count) {
    const text = line(random, lines.length + 1);
    if (/[\r\n]/.test(text)) continue;
    let bytes = Buffer.from(text);
    if (random.int(40) === 0) {
      const at = random.int(bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([random.pick([0xff, 0xc3, 0x80, 0xed])]), bytes.subarray(at)]);
    }
    lines.push(random.int(30) === 0 && lines.length > 0 ? lines[lines.length - 1 - random.int(Math.min(lines.length, 30))]! : bytes);
  }
  return lines;
}

test("a file read through the bytes reader gives the events, skips and warnings JSON.parse gives its lines: BOM, CRLF, repeats, bytes not UTF-8, a cut last line", async () => {
  const lines = fileLines(0x9176, 3000);
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-pino-bytes-")), "app.log");
  await writeFile(path, Buffer.concat([Buffer.from("\ufeff"), ...lines.flatMap((bytes, i) => [bytes, Buffer.from(i === lines.length - 1 ? "" : i % 3 === 0 ? "\r\n" : "\n")])]));
  const summary = new InputSummary();
  const events: Event[] = [];
  for await (const batch of readEvents(path, summary, { strict: false, inputFormat: "pino" })) events.push(...batch);
  const reference = referencePinoParser("/mcp");
  const expected: Event[] = [];
  const skips: string[] = [];
  const texts = lines.map((bytes) => bytes.toString("utf8"));
  // The lines a repeat is looked for among: the last 1024 that were not blank or repeats (see RecentLines).
  const remembered: number[] = [];
  texts.forEach((text, i) => {
    const earlier = remembered.slice(-1024).find((j) => texts[j] === text);
    const blank = !/\S/.test(text);
    if (!blank && earlier === undefined) remembered.push(i);
    const result: LineResult = blank ? { type: "skip", reason: "blank line" } : earlier !== undefined ? { type: "skip", reason: `duplicate of line ${earlier + 1}` } : reference(text, { file: path, line: i + 1 });
    if (result.type === "events") expected.push(...result.events);
    const truncated = i === texts.length - 1 ? "truncated last line (no newline at end of file): " : "";
    if (result.type === "skip") skips.push(`${i + 1}: ${truncated}${isUtf8(lines[i]!) ? "" : "not valid UTF-8: "}${result.reason}`);
  });
  assert.ok(expected.length > 2000, `${expected.length} events`);
  assert.deepStrictEqual(events, expected);
  assert.deepStrictEqual(summary.skipped.map((s) => `${s.line}: ${s.reason}`), skips.slice(0, summary.skipped.length));
  assert.equal(summary.skippedCount, skips.length);
  assert.ok(summary.warningCount > 20, "lines not UTF-8 that made events are warned of");
});

/**
 * A file's batches as a reading thread's rows, with every string resolved: what the fold reads of
 * them, a request id's code as the id it stands for in its row's file (as a merge unpacks it).
 */
function resolved(batches: readonly PackedEvents[]): string[] {
  return batches.map(({ count, ints, nums, strings }) => {
    const rows: string[] = [];
    for (let e = 0; e < count; e++) {
      const file = strings[ints[e * PACKED.INTS + PACKED.file]!]!;
      const row = Array.from(ints.subarray(e * PACKED.INTS, (e + 1) * PACKED.INTS), (v, k) =>
        k === PACKED.requestId && isRequestIdCode(v) ? requestIdOfCode(v, file) : k === PACKED.kind || k === PACKED.isInitialize || v < 0 ? v : strings[v],
      );
      rows.push(JSON.stringify([...row, ...Array.from(nums.subarray(e * PACKED.NUMS, (e + 1) * PACKED.NUMS), (n) => (Object.is(n, -0) ? "-0" : String(n)))]));
    }
    return rows.join("\n");
  });
}

test("a reading thread's rows, written from the bytes, are the batches packEvents makes of orderWithinWindow over readEvents, with the same summary", async () => {
  const random = seededRandom(0x9177);
  // Times jittered, and now and then late by more than the reorder window.
  const lines = fileLines(0x9178, 12_000).map((bytes) => {
    const late = random.int(50) === 0 ? 9_000_000 : random.int(3000);
    return Buffer.from(bytes.toString("latin1").replace(/"time":1772409\d{6}/, `"time":${1772409600000 + random.int(12_000_000) - late}`), "latin1");
  });
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-pino-rows-")), "app.log");
  await writeFile(path, Buffer.concat(lines.flatMap((bytes) => [bytes, Buffer.from("\n")])));
  for (const options of [{}, { requestIdPrefix: "1:" }, { instanceFrom: { from: "field", field: "hostname" } as const }, { instanceFrom: { from: "filename" } as const }]) {
    const { expected, expectedSummary, batches, summary } = await readBothWays(path, options);
    assert.ok(expected.reduce((n, b) => n + b.count, 0) > 10_000);
    assert.ok(expectedSummary.warningCount > 100, `${expectedSummary.warningCount} warnings`);
    assert.deepStrictEqual(resolved(batches), resolved(expected), JSON.stringify(options));
    assert.deepStrictEqual(summary.snapshot(), expectedSummary.snapshot(), JSON.stringify(options));
  }
});

test("the text parser gives what it gave before its fields were shared with the bytes reader", () => {
  const random = seededRandom(0x9179);
  const reference = referencePinoParser("/mcp");
  const parse = createPinoParser({ endpoint: "/mcp" });
  for (let i = 1; i <= 5000; i++) {
    const text = line(random, i);
    assert.deepStrictEqual(parse(text, { file: "app.log", line: i }), reference(text, { file: "app.log", line: i }), text);
  }
});

test("every line of the pino-http fixture, written by the real pino-http, is read from its bytes, as the parser before read it", async () => {
  const bytes = await readFile(new URL("../../../fixtures/pino-http.jsonl", import.meta.url));
  const reference = referencePinoParser("/mcp");
  const parse = createPinoRawParser({ endpoint: "/mcp" }, "pino-http.jsonl", null);
  let line = 0;
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(0x0a, start);
    const raw: RawLine = { line: ++line, text: bytes.toString("utf8", start, end), terminated: true, tooLong: false, invalidUtf8: false, hash: 0, bytes, start, end };
    assert.ok(scanPinoBytes(bytes, start, end, Buffer.from("/mcp"), newPinoFields()), raw.text);
    assert.deepStrictEqual(parse(raw), reference(raw.text, { file: "pino-http.jsonl", line }), raw.text);
    start = end + 1;
  }
  assert.equal(line, 20);
});

test("members remembered whole, resting or from other objects' values give what JSON.parse gives: a string before a comma then a brace, a number another begins, members new on every line then repeated, a session id a response gave, methods and pids that change", () => {
  const reference = referencePinoParser("/mcp");
  const parse = createPinoRawParser({ endpoint: "/mcp" }, "app.log", null);
  const endpoint = Buffer.from("/mcp");
  let read = 0;
  for (let i = 1; i <= 1200; i++) {
    const phase = Math.floor(i / 150) % 3;
    // Changing on every line, then the same for 150 lines, then changing again: a member rests and is remembered again.
    const responseTime = phase === 1 ? 7 : i % 97;
    const length = [19, 190, 1, 19][i % 4];
    const session = i % 5 === 0 ? null : `s-${Math.floor(i / 5)}`;
    const responseHeaders = `"x-accel-buffering":"no"${i % 3 === 0 ? "" : `,"content-length":${length}`}`;
    const method = ["POST", "get", "GET", "Delete", "POST"][i % 5];
    const pid = i < 600 ? 1 : i < 601 ? 2 : i % 50 === 0 ? 3 : 2;
    const requestSession = session !== null && i % 5 !== 1 ? `"mcp-session-id":"${session}",` : "";
    const responseSession = session !== null ? `"mcp-session-id":"${session}",` : "";
    const text =
      `{"time":${1772409600000 + i},"pid":${pid},"hostname":"h","req":{"method":"${method}","url":"/mcp","headers":{${requestSession}"content-length":"${length}"},` +
      `"remoteAddress":"10.0.0.${i % 11}"},"res":{"statusCode":${i % 7 === 0 ? 202 : 200},"headers":{"content-type":"text/event-stream",${responseSession}${responseHeaders}}},"responseTime":${responseTime}}`;
    const bytes = Buffer.from(text);
    if (scanPinoBytes(bytes, 0, bytes.length, endpoint, newPinoFields())) read++;
    const raw: RawLine = { line: i, text, terminated: true, tooLong: false, invalidUtf8: false, hash: 0, bytes, start: 0, end: bytes.length };
    assert.deepStrictEqual(parse(raw), reference(text, { file: "app.log", line: i }), text);
  }
  assert.equal(read, 1200);
});
