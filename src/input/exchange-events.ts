import type { Event, LineRef } from "../events.js";
import { KINDS } from "./event-codec.js";
import type { EventRows } from "./event-rows.js";
import { exchangeIdCodeOf, NOT_CODED } from "./request-id-code.js";

/** One logged HTTP exchange, as request logs (pino-http, access logs) record it: no JSON-RPC body. */
export interface LoggedExchange {
  readonly ref: LineRef;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly method: string;
  /** `undefined` when the log does not record the header at all. */
  readonly sessionId: string | null | undefined;
  readonly responseSessionId: string | null | undefined;
  readonly status: number | null;
  readonly userAgent: string | null;
  readonly remoteAddress: string | null;
  /** The response's content type when logged: a GET event stream's end is a stream closure. */
  readonly contentType: string | null;
  /** The JSON-RPC request the body held, when the log has bodies (HAR); request logs have none. */
  readonly body?: { readonly rpcMethod: string | null; readonly isInitialize: boolean };
}

/**
 * A request event and its response event, paired by a synthetic request id (`file:line`, unique
 * across merged files), and for a GET event stream its closure, as the events format logs it.
 */
export function exchangeEvents(x: LoggedExchange, events: Event[]): Event[] {
  const requestId = `${x.ref.file}:${x.ref.line}`;
  const method = x.method.toUpperCase();
  // One shape per kind, as the events format makes them: `sessionId: undefined` says "not
  // logged" as an absent field did. A spread of `{ sessionId }` or `{}` made each object in the
  // runtime, in two shapes that packing then read: 1 GiB pino log's reading thread (node
  // --cpu-prof), exchangeEvents 272 → 135 ms self, packEvents 379 → 359; 1.9 → 0.87 µs an
  // exchange and its packing measured alone.
  events.push({
    at: x.startedAt,
    ref: x.ref,
    kind: "request",
    requestId,
    httpMethod: method,
    sessionId: x.sessionId,
    isInitialize: isInitializeOf(x, method),
    rpcMethod: x.body?.rpcMethod ?? null,
    userAgent: x.userAgent,
    remoteAddress: x.remoteAddress,
  });
  events.push({ at: x.finishedAt, ref: x.ref, kind: "response", requestId, sessionId: x.responseSessionId, status: x.status });
  if (closedAStream(x, method)) {
    events.push({ at: x.finishedAt, ref: x.ref, kind: "stream-closed", sessionId: streamSessionId(x), elapsedMs: x.finishedAt - x.startedAt });
  }
  return events;
}

/** An initialize is always a POST: a GET or DELETE is known not to be one. */
function isInitializeOf(x: LoggedExchange, method: string): boolean | null {
  return x.body?.isInitialize ?? (method === "POST" ? null : false);
}

/** A GET answered with an event stream: its line, written when the stream ended, is the stream's closure. */
function closedAStream(x: LoggedExchange, method: string): boolean {
  return method === "GET" && x.contentType?.startsWith("text/event-stream") === true;
}

function streamSessionId(x: LoggedExchange): string | null {
  return x.sessionId ?? x.responseSessionId ?? null;
}

const STREAM_CLOSED = KINDS.indexOf("stream-closed");

/**
 * exchangeEvents' events written as a reading thread's rows, as EventRows.addEvent writes them,
 * without the Event objects (see PinoExchanges.writeRows), the request id as its line's code
 * (exchangeIdCodeOf) where it has one: no string per line to make, pack, post and hash twice.
 * 1 GiB pino log read alone (/tmp/s21-ids/read-only.mjs, 3 runs): strings posted 2.18 → 0.87 M,
 * user CPU 2.82-3.00 → 2.44-2.54 s.
 */
export function writeExchangeRows(x: LoggedExchange, rows: EventRows): void {
  const line = x.ref.line;
  const code = exchangeIdCodeOf(line);
  const requestId = code !== NOT_CODED ? code : `${x.ref.file}:${line}`;
  const method = upperCaseOf(x.method);
  rows.request(x.startedAt, line, requestId, method, x.sessionId, isInitializeOf(x, method), x.body?.rpcMethod ?? null, x.userAgent, x.remoteAddress);
  rows.response(x.finishedAt, line, requestId, x.responseSessionId, x.status);
  if (closedAStream(x, method)) rows.session(STREAM_CLOSED, x.finishedAt, line, streamSessionId(x), x.finishedAt - x.startedAt);
}

/** The last method upperCaseOf was given, and its upper case: a log's lines have a handful of methods, mostly one after another. */
let lastMethod = "";
let lastUpperCase = "";

/** `method.toUpperCase()`, a call into the runtime (~20 ns) that ran on every line, made once for each run of lines with one method. */
function upperCaseOf(method: string): string {
  if (method !== lastMethod) {
    lastMethod = method;
    lastUpperCase = method.toUpperCase();
  }
  return lastUpperCase;
}

/** The path of a request target, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
