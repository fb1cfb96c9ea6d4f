import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { InputSummary } from "../../src/input/input-summary.js";
import type { LineResult } from "../../src/input/line-result.js";
import { createPinoParser } from "../../src/input/pino-format.js";
import { readEvents } from "../../src/input/read-events.js";

const ref = { file: "app.log", line: 7 };
const T = 1772359200000;

/** A pino-http line as its default serializers write it. */
function pinoLine(overrides: { method?: string; url?: string; session?: string; answered?: string; status?: number; time?: number; responseTime?: number; pid?: number; hostname?: string; contentType?: string; msg?: string } = {}) {
  const o = { method: "POST", url: "/mcp", status: 200, time: T, responseTime: 40, pid: 100, hostname: "web-1", msg: "request completed", ...overrides };
  return JSON.stringify({
    level: 30,
    time: o.time,
    pid: o.pid,
    hostname: o.hostname,
    req: { id: 1, method: o.method, url: o.url, query: {}, params: {}, headers: { host: "x", "user-agent": "openai-mcp/1.0.0", ...(o.session ? { "mcp-session-id": o.session } : {}) }, remoteAddress: "10.0.0.5", remotePort: 5000 },
    res: { statusCode: o.status, headers: { "x-powered-by": "Express", ...(o.contentType ? { "content-type": o.contentType } : {}), ...(o.answered ? { "mcp-session-id": o.answered } : {}) } },
    responseTime: o.responseTime,
    msg: o.msg,
  });
}

function eventsOf(result: LineResult): Event[] {
  assert.equal(result.type, "events", JSON.stringify(result));
  return result.type === "events" ? [...result.events] : [];
}

test("one line is a request at time - responseTime and its response at time, paired by a synthetic id", () => {
  const parse = createPinoParser({ endpoint: "/mcp" });
  const [request, response, ...rest] = eventsOf(parse(pinoLine({ answered: "s-1", contentType: "text/event-stream" }), ref));
  assert.deepEqual(request, {
    at: T - 40,
    ref,
    kind: "request",
    requestId: "app.log:7",
    httpMethod: "POST",
    sessionId: null,
    isInitialize: null,
    rpcMethod: null,
    userAgent: "openai-mcp/1.0.0",
    remoteAddress: "10.0.0.5",
  });
  assert.deepEqual(response, { at: T, ref, kind: "response", requestId: "app.log:7", sessionId: "s-1", status: 200 });
  assert.deepEqual(rest, [], "a POST's event stream is not a response-stream lifetime");
});

test("a GET or DELETE is known not to be an initialize; a GET event stream's end is a stream closure", () => {
  const parse = createPinoParser({ endpoint: "/mcp" });
  const events = eventsOf(parse(pinoLine({ method: "GET", session: "s-1", responseTime: 5000, contentType: "text/event-stream", msg: "request aborted" }), ref));
  assert.equal(events[0]!.kind === "request" && events[0]!.isInitialize, false);
  assert.deepEqual(events[2], { at: T, ref, kind: "stream-closed", sessionId: "s-1", elapsedMs: 5000 });
  const del = eventsOf(parse(pinoLine({ method: "DELETE", session: "s-1" }), ref));
  assert.equal(del[0]!.kind === "request" && del[0]!.isInitialize, false);
});

test("only the MCP endpoint counts, matched on the path; other lines are ignored, broken ones skipped", () => {
  const parse = createPinoParser({ endpoint: "/mcp" });
  assert.equal(parse(pinoLine({ url: "/mcp?x=1" }), ref).type, "events");
  assert.deepEqual(parse(pinoLine({ url: "/health" }), ref), { type: "ignored", eventName: "pino: request to another path" });
  assert.deepEqual(parse(pinoLine({ url: "/mcp/other" }), ref).type, "ignored");
  assert.equal(createPinoParser({ endpoint: "/api/mcp" })(pinoLine({ url: "/api/mcp" }), ref).type, "events");
  assert.deepEqual(parse(JSON.stringify({ level: 30, time: T, msg: "server listening" }), ref), { type: "ignored", eventName: "pino: line without req/res" });
  assert.match(JSON.stringify(parse("{oops", ref)), /invalid JSON/);
  assert.deepEqual(parse(JSON.stringify({ req: { method: "POST", url: "/mcp" }, res: {} }), ref), { type: "skip", reason: "missing field time" });
});

test("a new pid on a hostname already seen is a server restart, placed before the request", () => {
  const parse = createPinoParser({ endpoint: "/mcp" });
  assert.equal(eventsOf(parse(pinoLine({ pid: 100 }), ref)).length, 2);
  assert.equal(eventsOf(parse(pinoLine({ pid: 200, hostname: "web-2" }), ref)).length, 2, "another host's first pid");
  assert.equal(eventsOf(parse(pinoLine({ pid: 100 }), ref)).length, 2);
  const [restart, request] = eventsOf(parse(pinoLine({ pid: 101, time: T + 1000, responseTime: 10 }), ref));
  assert.deepEqual(restart, { at: T + 990, ref, kind: "server-started", pid: 101 });
  assert.equal(request!.kind, "request");
});

async function readAll(content: string, inputFormat?: "auto" | "events" | "pino") {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-pino-"));
  const path = join(dir, "app.log");
  await writeFile(path, content);
  const summary = new InputSummary();
  const events: Event[] = [];
  for await (const batch of readEvents(path, summary, { strict: false, inputFormat })) events.push(...batch);
  return { events, summary };
}

test("auto-detection reads the first lines of a known shape; lines read = events + ignored + skipped", async () => {
  const content = ["", "not json", JSON.stringify({ level: 30, time: T, msg: "listening" }), pinoLine({ answered: "s-1" }), pinoLine({ url: "/health" }), ""].join("\n");
  const { events, summary } = await readAll(content);
  assert.equal(summary.format, "pino");
  assert.equal(events.length, 2);
  const [file] = summary.files;
  assert.deepEqual(file, { path: file!.path, lines: 5, events: 1, ignored: 2, skipped: 2 });
  assert.equal((await readAll(content, "events")).summary.format, "events");
  const appLinesFirst = [JSON.stringify({ level: 30, time: T, pid: 1, hostname: "h", msg: "listening" }), pinoLine({ answered: "s-1" })].join("\n");
  assert.equal((await readAll(appLinesFirst)).summary.format, "pino", "pino's own lines decide too");
});

test("a request and a response have one shape whether or not the line logged headers: an unlogged session id is undefined", () => {
  const parse = createPinoParser({ endpoint: "/mcp" });
  const [request, response] = eventsOf(parse(pinoLine({ session: "s-1", answered: "s-1" }), ref));
  const line = JSON.parse(pinoLine()) as { req: { headers?: unknown }; res: { headers?: unknown } };
  delete line.req.headers;
  delete line.res.headers;
  const [bareRequest, bareResponse] = eventsOf(parse(JSON.stringify(line), { ...ref, line: 8 }));
  assert.equal(bareRequest!.kind === "request" && bareRequest!.sessionId, undefined);
  assert.equal(bareResponse!.kind === "response" && bareResponse!.sessionId, undefined);
  assert.deepEqual(Object.keys(bareRequest!), Object.keys(request!));
  assert.deepEqual(Object.keys(bareResponse!), Object.keys(response!));
});
