import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { EventLog } from "./event-log.js";
import { headerValue, redactHeaders } from "./redact-headers.js";
import { describeRpcMethods } from "./rpc-methods.js";
import type { SessionTracker } from "./session-tracker.js";

/** "proxy": the recorder itself was stopped with the stream open. */
export type ClosedBy = "client" | "server" | "proxy";

export interface RequestStart {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress: string | null;
}

/**
 * Turns one HTTP exchange into the core events, shared by the proxy and the middlewares.
 * The request line waits for the body's JSON-RPC method (never for long: the response's headers,
 * or the end of the exchange, write it with what is known) but is stamped with the arrival time,
 * and always precedes the response line so the analyzer can pair them in log order.
 */
export class ExchangeRecorder {
  readonly #log: EventLog;
  readonly #sessions: SessionTracker;
  // Several recorders may append to one file over time: a per-run prefix keeps request ids unique.
  readonly #idPrefix = randomBytes(3).toString("hex");
  #nextId = 1;

  constructor(log: EventLog, sessions: SessionTracker) {
    this.#log = log;
    this.#sessions = sessions;
  }

  get activeSessions(): number {
    return this.#sessions.activeSessions;
  }

  begin(start: RequestStart): Exchange {
    return new Exchange(this.#log, this.#sessions, `${this.#idPrefix}-${this.#nextId++}`, start);
  }
}

export class Exchange {
  readonly requestId: string;
  readonly startedAt = Date.now();
  readonly requestSessionId: string | null;
  readonly #log: EventLog;
  readonly #sessions: SessionTracker;
  readonly #start: RequestStart;
  #requestLogged = false;
  #awaitingBody = false;
  // Lines that must follow the request line while it waits for the body's method.
  readonly #pending: (() => void)[] = [];
  #responded: { status: number; sessionId: string | null; isEventStream: boolean } | null = null;
  #closed = false;

  constructor(log: EventLog, sessions: SessionTracker, requestId: string, start: RequestStart) {
    this.#log = log;
    this.#sessions = sessions;
    this.requestId = requestId;
    this.#start = start;
    this.requestSessionId = headerValue(start.headers, "mcp-session-id");
  }

  /**
   * The request line will wait for `logRequest(methods)`; until then the response's lines are
   * held back (with their own times). The caller must end the wait when the body ends or the
   * exchange closes, whichever comes first.
   */
  awaitRpcMethods(): void {
    if (!this.#requestLogged) this.#awaitingBody = true;
  }

  /** The body's JSON-RPC methods (null: none found or not JSON); only the first call counts. */
  logRequest(methods: string[] | null): void {
    if (this.#requestLogged) return;
    this.#requestLogged = true;
    const { method, url, headers, remoteAddress } = this.#start;
    const rpc = describeRpcMethods(methods);
    this.#log.write(
      "mcp_request_headers",
      {
        request_id: this.requestId,
        method,
        url,
        mcp_session_id: this.requestSessionId,
        // An initialize is always a POST; a GET or DELETE is known not to be one.
        ...rpc,
        ...(method !== "POST" ? { is_initialize: false } : {}),
        user_agent: headerValue(headers, "user-agent"),
        remote_address: remoteAddress,
        headers: redactHeaders(headers),
      },
      this.startedAt,
    );
    for (const write of this.#pending.splice(0)) write();
  }

  /** The status and headers as sent to the client; `extra` marks e.g. a proxy-made 502. */
  logResponse(status: number, headers: OutgoingHttpHeaders | IncomingHttpHeaders, extra: Record<string, unknown> = {}): void {
    if (this.#responded) return;
    const sessionId = headerValue(headers, "mcp-session-id");
    const contentType = headerValue(headers, "content-type") ?? "";
    this.#responded = { status, sessionId, isEventStream: contentType.startsWith("text/event-stream") };
    const at = Date.now();
    this.#afterRequestLine(() => {
      if (this.#sessions.isCreation(this.requestSessionId, sessionId, status)) {
        this.#log.write("session_created", { session_id: sessionId, active_sessions: this.#sessions.activeSessions }, at);
      }
      this.#log.write("mcp_response_headers", { request_id: this.requestId, mcp_session_id: sessionId, status, ...extra, headers: redactHeaders(headers) }, at);
      if (this.#sessions.isClosure(this.#start.method, this.requestSessionId, status)) {
        this.#log.write("session_closed", { session_id: this.requestSessionId, active_sessions: this.#sessions.activeSessions }, at);
      }
    });
  }

  logError(event: string, fields: Record<string, unknown>): void {
    const at = Date.now();
    this.#afterRequestLine(() => this.#log.write(event, { request_id: this.requestId, ...fields }, at));
  }

  /**
   * The end of the exchange. Only a GET event stream gets a `client_disconnected` line: it is
   * the long-lived stream the seed report timed. POST responses streamed as SSE end after every
   * answer, and logging them would make every session look "used again after its stream closed".
   */
  logClose(closedBy: ClosedBy): void {
    if (this.#closed) return;
    this.#closed = true;
    // Whatever the body held, the exchange is over: the request line cannot wait any longer.
    this.logRequest(null);
    const responded = this.#responded;
    if (this.#start.method !== "GET" || !responded?.isEventStream) return;
    this.#log.write("client_disconnected", {
      session_id: this.requestSessionId ?? responded.sessionId,
      elapsed_ms: Date.now() - this.startedAt,
      closed_by: closedBy,
      request_id: this.requestId,
    });
  }

  #afterRequestLine(write: () => void): void {
    if (this.#requestLogged) write();
    else if (this.#awaitingBody) this.#pending.push(write);
    else {
      this.logRequest(null);
      write();
    }
  }
}
