import type { Event, LineRef } from "../events.js";
import type { EventRows } from "./event-rows.js";
import { exchangeEvents, pathOf, writeExchangeRows, type LoggedExchange } from "./exchange-events.js";
import type { LineResult } from "./line-result.js";
import { isJsonObject, type JsonObject } from "./parse-json-object.js";
import { parseEpochTimestamp } from "./parse-timestamp.js";

/**
 * What a pino-http line's result depends on, and nothing more: read from JSON.parse's object
 * (fieldsOfObject) or from the line's bytes (scanPinoBytes), then judged by the one PinoExchanges,
 * so that the two readers cannot differ in what they make of the same values. A scalar field holds
 * the line's value where it is a string, number, boolean or null; an object or array there is
 * some object (only its type is read); an absent field is undefined.
 */
export interface PinoFields {
  /** `req` and `res` are both objects. */
  exchange: boolean;
  /** `req.url` is a string whose path is the endpoint. */
  toEndpoint: boolean;
  time: unknown;
  pid: unknown;
  hostname: unknown;
  responseTime: unknown;
  method: unknown;
  remoteAddress: unknown;
  statusCode: unknown;
  /** Headers as `header` reads them; a session id is undefined where its headers are not an object. */
  requestSessionId: string | null | undefined;
  userAgent: string | null;
  responseSessionId: string | null | undefined;
  contentType: string | null;
}

export function newPinoFields(): PinoFields {
  return clearPinoFields({} as PinoFields);
}

/** Every field as a line without it leaves it: the bytes reader fills only what the line has. */
export function clearPinoFields(fields: PinoFields): PinoFields {
  fields.exchange = false;
  fields.toEndpoint = false;
  fields.time = undefined;
  fields.pid = undefined;
  fields.hostname = undefined;
  fields.responseTime = undefined;
  fields.method = undefined;
  fields.remoteAddress = undefined;
  fields.statusCode = undefined;
  fields.requestSessionId = undefined;
  fields.userAgent = null;
  fields.responseSessionId = undefined;
  fields.contentType = null;
  return fields;
}

/** The fields of a line JSON.parse read, into `fields`. */
export function fieldsOfObject(value: JsonObject, endpoint: string, fields: PinoFields): PinoFields {
  const { req, res } = value;
  fields.exchange = isJsonObject(req) && isJsonObject(res);
  if (!isJsonObject(req) || !isJsonObject(res)) return fields;
  fields.toEndpoint = typeof req.url === "string" && pathOf(req.url) === endpoint;
  fields.time = value.time;
  fields.pid = value.pid;
  fields.hostname = value.hostname;
  fields.responseTime = value.responseTime;
  fields.method = req.method;
  fields.remoteAddress = req.remoteAddress;
  fields.statusCode = res.statusCode;
  const requestHeaders = isJsonObject(req.headers) ? req.headers : null;
  const responseHeaders = isJsonObject(res.headers) ? res.headers : null;
  fields.requestSessionId = requestHeaders ? header(requestHeaders, "mcp-session-id") : undefined;
  fields.userAgent = requestHeaders ? header(requestHeaders, "user-agent") : null;
  fields.responseSessionId = responseHeaders ? header(responseHeaders, "mcp-session-id") : undefined;
  fields.contentType = responseHeaders ? header(responseHeaders, "content-type") : null;
  return fields;
}

/** A header value as a string (a repeated header is an array: take its first). */
function header(headers: JsonObject, name: string): string | null {
  const value = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return null;
}

const NOT_MCP: LineResult = { type: "ignored", eventName: "pino: request to another path" };
const NOT_A_REQUEST: LineResult = { type: "ignored", eventName: "pino: line without req/res" };

/**
 * One file's pino lines made into events: each line becomes a request event (isInitialize unknown
 * for a POST) and its response event, paired by a synthetic request id, after a server-started
 * event where the line's pid is new on its hostname. It remembers each hostname's pid.
 */
export class PinoExchanges {
  private readonly pidOf = new Map<string, number>();
  /** The host and pid restarted saw last (a NaN pid is never equal: looked up each time). */
  private lastHost = "";
  private lastPid = NaN;
  /** Set by check for the line it accepts. */
  private startedAt = 0;
  private finishedAt = 0;

  /** The line's events. */
  events(fields: PinoFields, ref: LineRef): LineResult {
    const rejected = this.check(fields);
    if (rejected !== undefined) return rejected;
    const { startedAt, finishedAt } = this;
    const events: Event[] = [];
    if (this.restarted(fields)) events.push({ at: startedAt, ref, kind: "server-started", pid: Number.isInteger(fields.pid) ? (fields.pid as number) : null });
    exchangeEvents(this.exchange(fields, ref), events);
    return { type: "events", events, loggedAt: finishedAt };
  }

  /** The line's events written into `rows` (the result is `written`), as rows.addEvent would write `events`' (see EventRows). */
  writeRows(fields: PinoFields, file: string, line: number, rows: EventRows): LineResult {
    const rejected = this.check(fields);
    if (rejected !== undefined) return rejected;
    if (this.restarted(fields)) rows.serverStarted(this.startedAt, line, Number.isInteger(fields.pid) ? (fields.pid as number) : null);
    writeExchangeRows(this.exchange(fields, { file, line }), rows);
    return WRITTEN;
  }

  /** The skip or ignored kind of a line that makes no events; undefined for one that does, its times set. */
  private check(fields: PinoFields): LineResult | undefined {
    if (!fields.exchange) return NOT_A_REQUEST;
    if (!fields.toEndpoint) return NOT_MCP;
    const { time } = fields;
    if (typeof time !== "number") return { type: "skip", reason: time === undefined ? "missing field time" : `field time: expected epoch milliseconds, received ${typeof time}` };
    const finishedAt = parseEpochTimestamp(time);
    if (finishedAt === null) return { type: "skip", reason: `field time is not a usable epoch time: ${time}` };
    if (typeof fields.method !== "string") return { type: "skip", reason: "field req.method: expected string" };
    const { responseTime } = fields;
    // pino-http writes `time` when the response finished: the request began responseTime earlier.
    this.startedAt = finishedAt - (typeof responseTime === "number" && responseTime >= 0 ? responseTime : 0);
    this.finishedAt = finishedAt;
    return undefined;
  }

  /** A new pid on a hostname already seen is a new process: the old one's sessions are gone. */
  private restarted(fields: PinoFields): boolean {
    const { pid } = fields;
    if (typeof pid !== "number") return false;
    const host = typeof fields.hostname === "string" ? fields.hostname : "";
    // The line before's host and pid, the map's already: no look-up.
    if (host === this.lastHost && pid === this.lastPid) return false;
    this.lastHost = host;
    this.lastPid = pid;
    const previous = this.pidOf.get(host);
    this.pidOf.set(host, pid);
    return previous !== undefined && previous !== pid;
  }

  private exchange(fields: PinoFields, ref: LineRef): LoggedExchange {
    const { statusCode, remoteAddress } = fields;
    return {
      ref,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      method: fields.method as string,
      sessionId: fields.requestSessionId,
      responseSessionId: fields.responseSessionId,
      status: typeof statusCode === "number" && Number.isInteger(statusCode) ? statusCode : null,
      userAgent: fields.userAgent,
      remoteAddress: typeof remoteAddress === "string" ? remoteAddress : null,
      contentType: fields.contentType,
    };
  }
}

const WRITTEN: LineResult = { type: "written" };
