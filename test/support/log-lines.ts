/**
 * Builders for lines of the events format, so a rule's test table reads like a log.
 * `t` is seconds after 2026-02-27T08:00:00Z.
 */
const BASE = Date.parse("2026-02-27T08:00:00Z");
export const at = (t: number) => new Date(BASE + t * 1000).toISOString();

type Line = Record<string, unknown>;
let nextRequestId = 0;

export interface RequestOptions {
  ua?: string;
  rpc?: string | null;
  method?: string;
  init?: boolean;
  id?: string;
}

export function request(t: number, sid: string | null, o: RequestOptions = {}): Line {
  const rpc = o.rpc === undefined ? (sid === null ? "initialize" : "tools/call") : o.rpc;
  return {
    event: "mcp_request_headers",
    timestamp: at(t),
    request_id: o.id ?? `r${++nextRequestId}`,
    method: o.method ?? "POST",
    mcp_session_id: sid,
    is_initialize: o.init ?? rpc === "initialize",
    rpc_method: rpc,
    user_agent: o.ua ?? "buggy/1.0",
  };
}

/** The response to the request just built (same request_id). */
export function response(t: number, req: Line, sid: string | null, status = 200): Line {
  return { event: "mcp_response_headers", timestamp: at(t), request_id: req.request_id, mcp_session_id: sid, status };
}

export const created = (t: number, sid: string, active: number | null = null): Line => ({
  event: "session_created",
  timestamp: at(t),
  session_id: sid,
  ...(active === null ? {} : { active_sessions: active }),
});
export const closed = (t: number, sid: string, active: number | null = null): Line => ({
  event: "session_closed",
  timestamp: at(t),
  session_id: sid,
  ...(active === null ? {} : { active_sessions: active }),
});
export const disconnected = (t: number, sid: string, elapsedMs: number): Line => ({ event: "client_disconnected", timestamp: at(t), session_id: sid, elapsed_ms: elapsedMs });
export const started = (t: number, pid: number): Line => ({ event: "server_started", timestamp: at(t), pid });

/** initialize → session_created → response carrying the id: the three lines of one session's birth. */
export function initialize(t: number, sid: string, active: number | null, o: RequestOptions = {}): Line[] {
  const req = request(t, null, o);
  return [req, created(t + 0.01, sid, active), response(t + 0.02, req, sid)];
}

/** A request with a session id and its 200 response. */
export function call(t: number, sid: string, o: RequestOptions = {}, status = 200): Line[] {
  const req = request(t, sid, o);
  return [req, response(t + 0.05, req, sid, status)];
}
