import { parseJsonObject } from "./parse-json-object.js";
import { createRequire } from "node:module";
import type { z } from "zod";
import type { Event, LineRef } from "../events.js";
import type { LineResult } from "./line-result.js";
import { parseEpochTimestamp, parseIsoTimestamp } from "./parse-timestamp.js";
import { describeZodError } from "./zod-issue.js";
import { KINDS } from "./event-codec.js";
import type { EventRows } from "./event-rows.js";

const SESSION_CREATED = KINDS.indexOf("session-created");
const SESSION_CLOSED = KINDS.indexOf("session-closed");
const SESSION_REMOVED = KINDS.indexOf("session-removed");
const STREAM_CLOSED = KINDS.indexOf("stream-closed");

/**
 * The seed report's instrumentation format: one JSON object per line with `event` and
 * `timestamp` (ISO-8601 with a zone, or epoch seconds/milliseconds); every other field is
 * optional and checked for type only when present.
 */
function buildLineSchemas(zod: typeof z) {
  const nullableString = zod.string().nullable().optional();
  const count = zod.number().int().nonnegative().nullable().optional();
  return {
    envelope: zod.object({ event: zod.string() }),
    request: zod.object({
      request_id: zod.union([zod.string(), zod.number()]).nullable().optional(),
      method: nullableString,
      mcp_session_id: nullableString,
      is_initialize: zod.boolean().nullable().optional(),
      rpc_method: nullableString,
      user_agent: nullableString,
      remote_address: nullableString,
    }),
    response: zod.object({
      request_id: zod.union([zod.string(), zod.number()]).nullable().optional(),
      mcp_session_id: nullableString,
      status: zod.number().int().nullable().optional(),
    }),
    session: zod.object({ session_id: zod.string(), active_sessions: count }),
    disconnect: zod.object({
      session_id: nullableString,
      elapsed_ms: zod.number().nonnegative().nullable().optional(),
    }),
    serverStarted: zod.object({ pid: zod.number().int().nullable().optional() }),
  };
}
type LineSchemas = ReturnType<typeof buildLineSchemas>;

let lineSchemas: LineSchemas | undefined;

/**
 * The schemas, built when a line first fails a quick check: most logs have no such line, and
 * importing zod cost ~45 ms at the start of each thread (the reading thread's start is what the
 * main thread waits for). An ESM import cannot be synchronous, and parsing is, so zod comes
 * through require (its CommonJS build, which words every issue as its ESM build does).
 */
function schemas(): LineSchemas {
  return (lineSchemas ??= buildLineSchemas((createRequire(import.meta.url)("zod") as { z: typeof z }).z));
}

export const EVENT_NAMES = ["mcp_request_headers", "mcp_response_headers", "session_created", "session_closed", "session_removed", "client_disconnected", "server_started"] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The length and ninth character of a name: different for each known one, and cheap to read from any string. */
const shapeOf = (name: string) => name.length * 0x10000 + name.charCodeAt(8);
const NAME_BY_SHAPE = new Map<number, EventName>(EVENT_NAMES.map((name) => [shapeOf(name), name]));

/**
 * The known name equal to `name`, as the constant itself, or undefined. JSON.parse makes a new
 * string of every value over ten characters: a Set hashed it on every line (some 70 ms of the
 * reading thread on the 100 MiB bench log), a switch compares it with name after name; its shape
 * picks the one name it can be, and one comparison decides (300k names: Set 26-63 ms, switch
 * 16-40, shape 10-34). toEvent's switch then compares constants, which V8 does by reference.
 */
function knownEventName(name: string): EventName | undefined {
  const known = NAME_BY_SHAPE.get(shapeOf(name));
  return known === name ? known : undefined;
}

export function parseEventsLine(text: string, ref: LineRef): LineResult {
  const parsed = parseJsonObject(text);
  if ("skip" in parsed) return parsed.skip;
  const value = parsed.object;
  const name = value.event;
  if (typeof name !== "string") return { type: "skip", reason: envelopeError(value) };
  const known = knownEventName(name);
  if (known === undefined) return { type: "ignored", eventName: name };
  const at = parseTimestampField((value as { timestamp?: unknown }).timestamp);
  if (typeof at === "string") return { type: "skip", reason: at };
  return toEvent(known, value, at, ref);
}

/** Why a line has no string `event`, in the envelope schema's words (a typeof runs first, as in validate). */
function envelopeError(value: object): string {
  const envelope = schemas().envelope.safeParse(value);
  return envelope.success ? "field event: expected string" : describeZodError(envelope.error);
}

/** A log value quoted in a reason, cut short: the reason is kept for the report, the line is not. */
function quote(text: string): string {
  const MAX_QUOTED = 64;
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** Epoch milliseconds, or the reason the field is unusable. */
function parseTimestampField(timestamp: unknown): number | string {
  if (timestamp === undefined) return "missing field timestamp";
  if (typeof timestamp === "string") return parseIsoTimestamp(timestamp) ?? `timestamp is not ISO-8601 with a zone: ${quote(timestamp)}`;
  if (typeof timestamp === "number") return parseEpochTimestamp(timestamp) ?? `timestamp is not a usable epoch time: ${timestamp}`;
  return `field timestamp: expected an ISO-8601 string or epoch number, received ${timestamp === null ? "null" : Array.isArray(timestamp) ? "array" : typeof timestamp}`;
}

/**
 * The event of a line whose name is known and whose timestamp is read, from its fields as
 * JSON.parse's object holds them (readEventsBytes hands in an object of its own, with every
 * field, undefined where the line has none: no JSON value is undefined, so that is "absent").
 */
export function toEvent(name: EventName, value: object, at: number, ref: LineRef): LineResult {
  const fields = value as Record<string, unknown>;
  switch (name) {
    case "mcp_request_headers": {
      const f = validate("request", fields, isRequestShaped);
      if (f instanceof Invalid) return f.skip;
      const rpcMethod = f.rpc_method ?? null;
      return event({
        at,
        ref,
        kind: "request",
        requestId: requestIdOf(f.request_id),
        httpMethod: f.method ?? null,
        sessionId: headerSessionId(fields.mcp_session_id, f.mcp_session_id),
        isInitialize: isInitializeOf(f.is_initialize, rpcMethod, f.method),
        rpcMethod,
        userAgent: f.user_agent ?? null,
        remoteAddress: f.remote_address ?? null,
      });
    }
    case "mcp_response_headers": {
      const f = validate("response", fields, isResponseShaped);
      if (f instanceof Invalid) return f.skip;
      return event({
        at,
        ref,
        kind: "response",
        requestId: requestIdOf(f.request_id),
        sessionId: headerSessionId(fields.mcp_session_id, f.mcp_session_id),
        status: f.status ?? null,
      });
    }
    case "session_created":
    case "session_closed":
    case "session_removed": {
      const f = validate("session", fields, isSessionShaped);
      if (f instanceof Invalid) return f.skip;
      const kind = name === "session_created" ? "session-created" : name === "session_closed" ? "session-closed" : "session-removed";
      return event({ at, ref, kind, sessionId: f.session_id, activeSessions: f.active_sessions ?? null });
    }
    case "client_disconnected": {
      const f = validate("disconnect", fields, isDisconnectShaped);
      if (f instanceof Invalid) return f.skip;
      return event({ at, ref, kind: "stream-closed", sessionId: f.session_id ?? null, elapsedMs: f.elapsed_ms ?? null });
    }
    default: {
      const f = validate("serverStarted", fields, (v) => isOptional(v.pid, isInteger));
      if (f instanceof Invalid) return f.skip;
      return event({ at, ref, kind: "server-started", pid: f.pid ?? null });
    }
  }
}

/**
 * The schemas above are the contract and word every error; a hand-written check of the same
 * types runs first because zod's object parsing (it copies every object) cost more than half of
 * the parse time on a 100 MB log. A line the quick check rejects goes to zod, which decides.
 */
function validate<K extends keyof LineSchemas>(schema: K, fields: Record<string, unknown>, isShaped: (v: Record<string, unknown>) => boolean): z.infer<LineSchemas[K]> | Invalid {
  if (isShaped(fields)) return fields as z.infer<LineSchemas[K]>;
  const parsed = schemas()[schema].safeParse(fields);
  return parsed.success ? (parsed.data as z.infer<LineSchemas[K]>) : new Invalid(parsed.error);
}

/**
 * Fields the schema rejected. Told from the fields by a class of our own: zod's classes decide
 * `instanceof` in a function of theirs (Symbol.hasInstance), called on every line.
 */
class Invalid {
  readonly skip: LineResult;

  constructor(error: z.ZodError) {
    this.skip = { type: "skip", reason: describeZodError(error) };
  }
}

const isString = (v: unknown) => typeof v === "string";
const isInteger = (v: unknown) => Number.isInteger(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isOptional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);
const isRequestId = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

function isRequestShaped(v: Record<string, unknown>): boolean {
  return (
    isOptional(v.request_id, isRequestId) &&
    isOptional(v.method, isString) &&
    isOptional(v.mcp_session_id, isString) &&
    isOptional(v.is_initialize, (b) => typeof b === "boolean") &&
    isOptional(v.rpc_method, isString) &&
    isOptional(v.user_agent, isString) &&
    isOptional(v.remote_address, isString)
  );
}

function isResponseShaped(v: Record<string, unknown>): boolean {
  return isOptional(v.request_id, isRequestId) && isOptional(v.mcp_session_id, isString) && isOptional(v.status, isInteger);
}

function isSessionShaped(v: Record<string, unknown>): boolean {
  return isString(v.session_id) && isOptional(v.active_sessions, isCount);
}

function isDisconnectShaped(v: Record<string, unknown>): boolean {
  return isOptional(v.session_id, isString) && isOptional(v.elapsed_ms, (n) => typeof n === "number" && Number.isFinite(n) && n >= 0);
}

function event(e: Event): LineResult {
  return { type: "event", event: e };
}

const requestIdOf = (id: string | number | null | undefined) => (id == null ? null : String(id));

/**
 * The request id of a row, as requestIdOf gives it with `prefix` before it. Without a prefix the
 * bytes reader gives a number only as its code (see scanEventsBytes), and EventRows codes a
 * string as packEvents would.
 */
function rowRequestId(id: string | number | null | undefined, prefix: string | undefined): string | number | null {
  if (id == null) return null;
  return prefix === undefined ? id : prefix + String(id);
}

/** Absent means "not logged", null means "the request had no header": `logged` is the field as read, `value` as the schema gave it. */
const headerSessionId = (logged: unknown, value: string | null | undefined) => (logged !== undefined ? (value ?? null) : undefined);

/** is_initialize when logged, else whether the JSON-RPC method is initialize, else what the HTTP method tells. */
function isInitializeOf(logged: boolean | null | undefined, rpcMethod: string | null, httpMethod: string | null | undefined): boolean | null {
  return logged ?? (rpcMethod !== null ? rpcMethod === "initialize" : isNeverInitialize(httpMethod));
}

/** An initialize is always a POST: a logged GET or DELETE is known not to be one. */
function isNeverInitialize(httpMethod: string | null | undefined): false | null {
  return httpMethod != null && httpMethod.toUpperCase() !== "POST" ? false : null;
}

type ShapedFields = {
  request_id?: string | number | null;
  method?: string | null;
  mcp_session_id?: string | null;
  is_initialize?: boolean | null;
  rpc_method?: string | null;
  user_agent?: string | null;
  remote_address?: string | null;
  status?: number | null;
  session_id?: string | null;
  active_sessions?: number | null;
  elapsed_ms?: number | null;
  pid?: number | null;
};

/**
 * What toEvent makes of `fields`, written as a row of a reading thread's EventRows instead of an
 * Event, with `prefix` before a request id as a merge wants it. `fields` is readEventsBytes',
 * every field there (undefined when absent), of the types toEvent's quick checks accept (the
 * bytes reader checks them on what it read: see isShaped in events-bytes.ts).
 */
export function writeEventRow(rows: EventRows, name: EventName, value: object, at: number, line: number, prefix: string | undefined): void {
  const f = value as ShapedFields;
  switch (name) {
    case "mcp_request_headers": {
      const rpcMethod = f.rpc_method ?? null;
      rows.request(at, line, rowRequestId(f.request_id, prefix), f.method ?? null, headerSessionId(f.mcp_session_id, f.mcp_session_id), isInitializeOf(f.is_initialize, rpcMethod, f.method), rpcMethod, f.user_agent ?? null, f.remote_address ?? null);
      return;
    }
    case "mcp_response_headers": {
      rows.response(at, line, rowRequestId(f.request_id, prefix), headerSessionId(f.mcp_session_id, f.mcp_session_id), f.status ?? null);
      return;
    }
    case "session_created":
    case "session_closed":
    case "session_removed":
      rows.session(name === "session_created" ? SESSION_CREATED : name === "session_closed" ? SESSION_CLOSED : SESSION_REMOVED, at, line, f.session_id!, f.active_sessions ?? null);
      return;
    case "client_disconnected":
      rows.session(STREAM_CLOSED, at, line, f.session_id ?? null, f.elapsed_ms ?? null);
      return;
    default:
      rows.serverStarted(at, line, f.pid ?? null);
  }
}
