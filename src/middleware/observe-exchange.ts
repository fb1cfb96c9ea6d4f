import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { EventLog, type WritableLike } from "../record/event-log.js";
import { ExchangeRecorder, type Exchange } from "../record/exchange-recorder.js";
import { RpcMethodSniffer, parseRpcMethods } from "../record/rpc-methods.js";
import { SessionTracker } from "../record/session-tracker.js";

export type { WritableLike };

export interface McpForensicsLoggerOptions {
  /** A file path (appended to, one synchronous write per line) or a stream. */
  readonly out: string | WritableLike;
}

/** A request as Express hands it over: `body` is set once a body parser has run. */
export type ObservedRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

/**
 * The per-request hook both middlewares install: it watches, never consumes. Create one per
 * server process: it writes `server_started`, which the analyzer reads as "sessions before this
 * line are gone".
 */
export function createExchangeObserver(options: McpForensicsLoggerOptions): (req: ObservedRequest, res: ServerResponse) => void {
  const log = new EventLog(options.out);
  const recorder = new ExchangeRecorder(log, new SessionTracker());
  log.write("server_started", { pid: process.pid, recorder: "middleware" });
  return (req, res) => {
    const exchange = recorder.begin({ method: req.method ?? "GET", url: req.originalUrl ?? req.url ?? "/", headers: req.headers, remoteAddress: req.socket.remoteAddress ?? null });
    const endSniffing = watchBody(req, exchange);
    watchResponseHeaders(req, res, exchange);
    res.once("close", () => {
      endSniffing();
      exchange.logClose(res.writableFinished ? "server" : "client");
    });
  };
}

/** Returns the function that ends the watch early (the exchange closed before the body ended). */
function watchBody(req: ObservedRequest, exchange: Exchange): () => void {
  const nothingToEnd = (): void => {};
  if (req.method !== "POST") {
    exchange.logRequest(null);
    return nothingToEnd;
  }
  // Mounted after express.json(): the body is already parsed.
  if (req.body !== undefined) {
    exchange.logRequest(methodsOf(req.body));
    return nothingToEnd;
  }
  // Mounted before any body reader: see the chunks as they are emitted to whoever reads them.
  // Listening for 'data' ourselves would switch the stream to flowing mode and lose chunks for a
  // handler that starts reading later; `read()` and pipes both go through `emit('data')`.
  exchange.awaitRpcMethods();
  const sniffer = new RpcMethodSniffer();
  const target = req as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const emit = target.emit;
  const stop = (): void => {
    target.emit = emit;
    // A body parser that ran after us knows the whole body; the sniffer may have seen only its start.
    exchange.logRequest(req.body !== undefined ? methodsOf(req.body) : sniffer.methods());
  };
  target.emit = function (this: unknown, event, ...args) {
    if (event === "data" && !sniffer.push(args[0] as Buffer | string)) stop();
    else if (event === "end") stop();
    return emit.call(this, event, ...args);
  };
  return stop;
}

/** Wraps `writeHead` (which an implicit header also goes through) to log what is really sent. */
function watchResponseHeaders(req: ObservedRequest, res: ServerResponse, exchange: Exchange): void {
  const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const [statusCode, second, third] = args;
    const extraHeaders = typeof second === "object" && second !== null ? second : third;
    const headers = { ...res.getHeaders(), ...normalizeHeaders(extraHeaders) };
    const result = writeHead.apply(this, args);
    // A body parser after us may have filled req.body by now.
    if (req.body !== undefined) exchange.logRequest(methodsOf(req.body));
    exchange.logResponse(typeof statusCode === "number" ? statusCode : res.statusCode, headers);
    return result;
  } as typeof res.writeHead;
}

/** `writeHead` takes an object or a flat `[name, value, …]` array. */
function normalizeHeaders(headers: unknown): OutgoingHttpHeaders {
  if (Array.isArray(headers)) {
    const out: OutgoingHttpHeaders = {};
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = headers[i + 1] as string;
    return out;
  }
  if (typeof headers !== "object" || headers === null) return {};
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value as string]));
}

function methodsOf(body: unknown): string[] | null {
  if (typeof body === "string" || Buffer.isBuffer(body)) return parseRpcMethods(body.toString());
  if (typeof body !== "object" || body === null) return null;
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((m) => (typeof m === "object" && m !== null && typeof (m as { method?: unknown }).method === "string" ? [(m as { method: string }).method] : []));
}
