import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { EventLog } from "./event-log.js";
import { ExchangeRecorder, type Exchange } from "./exchange-recorder.js";
import { forwardableHeaders } from "./forward-headers.js";
import { RpcMethodSniffer } from "./rpc-methods.js";
import { SessionTracker } from "./session-tracker.js";

export interface RecordingProxyOptions {
  /** Origin (and optional base path) of the MCP server. */
  readonly upstream: URL;
  readonly log: EventLog;
  /** Longest wait for the upstream's response headers; a long SSE body is not limited. */
  readonly upstreamTimeoutMs: number;
}

export interface RecordingProxy {
  readonly server: http.Server;
  /** Stops accepting, cuts open streams, writes `proxy_stopped`; the caller closes the log. */
  stop(): Promise<void>;
}

/** A reverse proxy for Streamable HTTP that forwards byte for byte and logs the core events. */
export function createRecordingProxy(options: RecordingProxyOptions): RecordingProxy {
  const { upstream, log } = options;
  const recorder = new ExchangeRecorder(log, new SessionTracker());
  const transport = upstream.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true });
  const basePath = upstream.pathname.replace(/\/$/, "");
  let stopping = false;
  const server = http.createServer((req, res) => {
    forward(req, res, recorder.begin({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, remoteAddress: req.socket.remoteAddress ?? null }));
  });

  function forward(req: IncomingMessage, res: ServerResponse, exchange: Exchange): void {
    const endSniffing = sniffRpcMethods(req, exchange);
    const upstreamReq = transport.request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      path: basePath + (req.url ?? "/"),
      method: req.method,
      headers: { ...forwardableHeaders(req.headers), host: upstream.host },
      agent,
    });
    upstreamReq.setNoDelay(true);
    let clientGone = false;
    let failed = false;
    const fail = (status: 502 | 504, phase: string, error: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      // One failure tends to surface twice (a timeout's destroy raises an error, a reset ends both sides).
      if (clientGone || failed) return;
      failed = true;
      exchange.logError("upstream_error", { phase, code: error.code ?? null, message: error.message, upstream: upstream.origin });
      upstreamReq.destroy();
      if (res.headersSent) {
        endSniffing();
        // Too late for a status: cutting the connection is the only honest signal left.
        exchange.logClose("server");
        res.destroy();
        return;
      }
      const body = JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: `mcp-forensics record: upstream ${phase} failed (${error.code ?? error.message})` }, id: null });
      const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
      exchange.logResponse(status, headers, { generated_by: "proxy" });
      res.writeHead(status, headers).end(body);
    };
    const timer = setTimeout(() => {
      const error: NodeJS.ErrnoException = new Error(`no response headers within ${options.upstreamTimeoutMs} ms`);
      error.code = "ETIMEDOUT";
      fail(504, "headers", error);
    }, options.upstreamTimeoutMs);

    upstreamReq.on("error", (error: NodeJS.ErrnoException) => fail(502, res.headersSent ? "response" : "request", error));
    upstreamReq.on("response", (upstreamRes) => {
      clearTimeout(timer);
      if (clientGone || failed) {
        upstreamRes.destroy();
        return;
      }
      const status = upstreamRes.statusCode ?? 502;
      const headers = forwardableHeaders(upstreamRes.headers);
      exchange.logResponse(status, headers);
      res.writeHead(status, upstreamRes.statusMessage, headers);
      // SSE: the client must see the headers now, not with the first event.
      res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.on("error", () => {});
      upstreamRes.on("close", () => {
        if (!upstreamRes.complete) {
          const error: NodeJS.ErrnoException = new Error("upstream closed the response before its end");
          error.code = "ECONNRESET";
          fail(502, "response", error);
        }
      });
    });
    res.on("finish", () => {
      endSniffing();
      exchange.logClose("server");
    });
    res.on("close", () => {
      clearTimeout(timer);
      endSniffing();
      if (res.writableFinished) return;
      clientGone = true;
      exchange.logClose(stopping ? "proxy" : "client");
      upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
  }

  return {
    server,
    async stop() {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
      await new Promise((resolve) => setImmediate(resolve));
      log.write("proxy_stopped", { pid: process.pid, active_sessions: recorder.activeSessions });
    },
  };
}

/**
 * Tees a POST body's first MiB into the sniffer; the body itself flows on untouched.
 * Returns the function that ends sniffing early (the exchange closed before the body ended).
 */
function sniffRpcMethods(req: IncomingMessage, exchange: Exchange): () => void {
  if (req.method !== "POST") {
    exchange.logRequest(null);
    return () => {};
  }
  exchange.awaitRpcMethods();
  const sniffer = new RpcMethodSniffer();
  const done = (): void => {
    req.off("data", onData);
    req.off("end", done);
    exchange.logRequest(sniffer.methods());
  };
  const onData = (chunk: Buffer): void => {
    if (!sniffer.push(chunk)) done();
  };
  req.on("data", onData);
  req.once("end", done);
  return done;
}
