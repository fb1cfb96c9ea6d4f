import { isJsonObject, parseJsonObject, type JsonObject } from "./parse-json-object.js";
import type { Event, LineRef } from "../events.js";
import { exchangeEvents, pathOf } from "./exchange-events.js";
import type { LineResult } from "./line-result.js";
import { parseEpochTimestamp } from "./parse-timestamp.js";

/**
 * pino-http request logs with the default serializers: one line per finished (or aborted)
 * request, `{time, pid, hostname, req: {method, url, headers, remoteAddress}, res: {statusCode,
 * headers}, responseTime, msg}`. There is no JSON-RPC body in such a line, so each line becomes a
 * request event (isInitialize unknown for a POST) and its response event, paired by a synthetic
 * request id; the timeline infers initializes and session creation from the response headers.
 */
export interface PinoOptions {
  /** Only requests to this path count (the MCP endpoint); the query string is ignored. */
  readonly endpoint: string;
}

const NOT_MCP: LineResult = { type: "ignored", eventName: "pino: request to another path" };
const NOT_A_REQUEST: LineResult = { type: "ignored", eventName: "pino: line without req/res" };


/** A parser per file: it remembers each hostname's pid to see a restart. */
export function createPinoParser(options: PinoOptions): (text: string, ref: LineRef) => LineResult {
  const pidOf = new Map<string, number>();
  return (text, ref) => {
    const parsed = parseJsonObject(text);
    if ("skip" in parsed) return parsed.skip;
    const value = parsed.object;
    const { req, res } = value;
    if (!isJsonObject(req) || !isJsonObject(res)) return NOT_A_REQUEST;
    if (typeof req.url !== "string" || pathOf(req.url) !== options.endpoint) return NOT_MCP;
    if (typeof value.time !== "number") return { type: "skip", reason: value.time === undefined ? "missing field time" : `field time: expected epoch milliseconds, received ${typeof value.time}` };
    const finishedAt = parseEpochTimestamp(value.time);
    if (finishedAt === null) return { type: "skip", reason: `field time is not a usable epoch time: ${value.time}` };
    if (typeof req.method !== "string") return { type: "skip", reason: "field req.method: expected string" };
    const responseTime = typeof value.responseTime === "number" && value.responseTime >= 0 ? value.responseTime : 0;
    // pino-http writes `time` when the response finished: the request began responseTime earlier.
    const startedAt = finishedAt - responseTime;
    const requestHeaders = isJsonObject(req.headers) ? req.headers : null;
    const responseHeaders = isJsonObject(res.headers) ? res.headers : null;
    const events: Event[] = [];
    const restart = restartOf(value, pidOf, startedAt, ref);
    if (restart) events.push(restart);
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

/** A new pid on a hostname already seen is a new process: the old one's sessions are gone. */
function restartOf(line: JsonObject, pidOf: Map<string, number>, at: number, ref: LineRef): Event | null {
  if (typeof line.pid !== "number") return null;
  const host = typeof line.hostname === "string" ? line.hostname : "";
  const previous = pidOf.get(host);
  pidOf.set(host, line.pid);
  if (previous === undefined || previous === line.pid) return null;
  return { at, ref, kind: "server-started", pid: Number.isInteger(line.pid) ? line.pid : null };
}

/** A header value as a string (a repeated header is an array: take its first). */
function header(headers: JsonObject, name: string): string | null {
  const value = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return null;
}


/**
 * Whether a parsed line is pino's: the auto-detection's test. A request line has `req` and `res`;
 * the application's own lines around them (`server listening`) have pino's numeric `level`.
 */
export function isPinoLine(value: JsonObject): boolean {
  return typeof value.time === "number" && ((isJsonObject(value.req) && isJsonObject(value.res)) || (typeof value.level === "number" && typeof value.msg === "string"));
}
