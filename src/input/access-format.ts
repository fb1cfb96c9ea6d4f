import { parseJsonObject, type JsonObject } from "./parse-json-object.js";
import type { Event, LineRef } from "../events.js";
import { exchangeEvents, pathOf } from "./exchange-events.js";
import type { LineResult } from "./line-result.js";
import { parseEpochTimestamp, parseIsoTimestamp } from "./parse-timestamp.js";

/**
 * Any JSON-lines access log (nginx `log_format … escape=json`, Cloudflare Logpush, Caddy), its
 * fields named with `--map field=path` (a dotted path into the line) or a preset. Like pino, a
 * line is one exchange with no JSON-RPC body.
 */
export const ACCESS_FIELDS = ["time", "duration-ms", "duration-s", "method", "url", "status", "session", "response-session", "user-agent", "remote-address", "content-type"] as const;
export type AccessField = (typeof ACCESS_FIELDS)[number];
export type AccessMapping = Partial<Record<AccessField, string>>;

/** The presets' field names are those of the log formats the README shows how to configure. */
export const ACCESS_PRESETS: Readonly<Record<string, AccessMapping>> = {
  // nginx `$msec` is when the line was written (the end), `$request_time` the duration in seconds.
  nginx: {
    time: "msec",
    "duration-s": "request_time",
    method: "method",
    url: "uri",
    status: "status",
    session: "mcp_session_id",
    "response-session": "sent_mcp_session_id",
    "user-agent": "user_agent",
    "remote-address": "remote_addr",
    "content-type": "content_type",
  },
  // Logpush http_requests: the mcp-session-id headers need Logpush custom fields.
  cloudflare: {
    time: "EdgeStartTimestamp",
    method: "ClientRequestMethod",
    url: "ClientRequestURI",
    status: "EdgeResponseStatus",
    session: "RequestHeaders.mcp-session-id",
    "response-session": "ResponseHeaders.mcp-session-id",
    "user-agent": "ClientRequestUserAgent",
    "remote-address": "ClientIP",
    "content-type": "EdgeResponseContentType",
  },
};

/** `--map` values: a preset name, or `field=path` (applied in order, later ones win). */
export function parseAccessMapping(specs: readonly string[]): AccessMapping | string {
  const mapping: Record<string, string> = {};
  for (const spec of specs) {
    const equals = spec.indexOf("=");
    if (equals === -1) {
      const preset = ACCESS_PRESETS[spec];
      if (!preset) return `--map ${JSON.stringify(spec)}: not field=path, nor a preset (${Object.keys(ACCESS_PRESETS).join(", ")})`;
      Object.assign(mapping, preset);
      continue;
    }
    const field = spec.slice(0, equals);
    if (!(ACCESS_FIELDS as readonly string[]).includes(field)) return `--map ${JSON.stringify(spec)}: unknown field ${JSON.stringify(field)} (one of ${ACCESS_FIELDS.join(", ")})`;
    mapping[field] = spec.slice(equals + 1);
  }
  if (!mapping.time) return "--map: the access format needs at least time=PATH (or a preset)";
  return mapping;
}

type Getter = (line: JsonObject) => unknown;

function compilePath(path: string | undefined): Getter | null {
  if (path === undefined || path === "") return null;
  const keys = path.split(".");
  return (line) => {
    let value: unknown = line;
    for (const key of keys) {
      if (typeof value !== "object" || value === null) return undefined;
      value = (value as JsonObject)[key];
    }
    return value;
  };
}

export function createAccessParser(mapping: AccessMapping, options: { endpoint: string }): (text: string, ref: LineRef) => LineResult {
  const get = Object.fromEntries(ACCESS_FIELDS.map((f) => [f, compilePath(mapping[f])])) as Record<AccessField, Getter | null>;
  const NOT_MCP: LineResult = { type: "ignored", eventName: "access: request to another path" };
  return (text, ref) => {
    const parsed = parseJsonObject(text);
    if ("skip" in parsed) return parsed.skip;
    const line = parsed.object;
    const url = get.url?.(line);
    if (get.url && (typeof url !== "string" || pathOf(url) !== options.endpoint)) return NOT_MCP;
    const rawTime = get.time!(line);
    const at = toEpochMs(rawTime);
    if (at === null) return { type: "skip", reason: rawTime === undefined ? `missing field time (${mapping.time})` : `field time (${mapping.time}) is not ISO-8601 with a zone or an epoch number` };
    const duration = get["duration-ms"] ? numberOrNull(get["duration-ms"](line)) : get["duration-s"] ? scaled(numberOrNull(get["duration-s"](line)), 1000) : null;
    const method = textOf(get.method?.(line));
    if (method === null) return { type: "skip", reason: `missing field method${mapping.method ? ` (${mapping.method})` : ""}` };
    const status = numberOrNull(get.status?.(line));
    const events: Event[] = [];
    exchangeEvents(
      {
        ref,
        // With a duration the time is the end (nginx writes the line then); without, it is the start.
        startedAt: duration === null ? at : at - duration,
        finishedAt: at,
        method,
        sessionId: get.session ? textOf(get.session(line)) : undefined,
        responseSessionId: get["response-session"] ? textOf(get["response-session"](line)) : undefined,
        status: status !== null && Number.isInteger(status) ? status : null,
        userAgent: textOf(get["user-agent"]?.(line)),
        remoteAddress: textOf(get["remote-address"]?.(line)),
        contentType: textOf(get["content-type"]?.(line)),
      },
      events,
    );
    return { type: "events", events, loggedAt: at };
  };
}

/** A header or field as text; nginx writes "" or "-" for an absent header. */
function textOf(value: unknown): string | null {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" && value !== "-" ? value : null;
}

function numberOrNull(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : null;
}

function scaled(value: number | null, factor: number): number | null {
  return value === null ? null : value * factor;
}

/** ISO-8601 with a zone, or epoch seconds, milliseconds, microseconds or nanoseconds (Logpush `unixnano`). */
function toEpochMs(value: unknown): number | null {
  if (typeof value === "string") {
    const iso = parseIsoTimestamp(value);
    if (iso !== null) return iso;
    return /^\d+(\.\d+)?$/.test(value) ? toEpochMs(Number(value)) : null;
  }
  if (typeof value !== "number") return null;
  if (value > 1e17) return value / 1e6;
  if (value > 1e14) return value / 1e3;
  return parseEpochTimestamp(value);
}
