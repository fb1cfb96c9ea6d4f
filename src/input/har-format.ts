import { isJsonObject, parseJsonObject } from "./parse-json-object.js";
import type { Event, LineRef } from "../events.js";
import { exchangeEvents, pathOf } from "./exchange-events.js";
import type { LineResult } from "./line-result.js";
import { parseIsoTimestamp } from "./parse-timestamp.js";

/**
 * HAR 1.2 (a browser's "Save all as HAR", mitmproxy's `hardump`): one JSON document whose
 * `log.entries` are the exchanges, each read alone (see json-array-elements.ts). Unlike request
 * logs, a HAR keeps the posted body, so the JSON-RPC method and initializes are known, not
 * inferred. It is the client's side of the wire: no server lifecycle, no restarts.
 */
export interface HarOptions {
  /** Only requests to this path count (the MCP endpoint); the query string is ignored. */
  readonly endpoint: string;
}


/** Whether a file's first bytes open a HAR: `{` then the `"log"` key, as HAR writers put it. */
export function isHarStart(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"log"\s*:/.test(head);
}

export function createHarParser(options: HarOptions): (text: string, ref: LineRef) => LineResult {
  const NOT_MCP: LineResult = { type: "ignored", eventName: "har: request to another path" };
  return (text, ref) => {
    const parsed = parseJsonObject(text);
    if ("skip" in parsed) return parsed.skip;
    const value = parsed.object;
    const { request, response } = value;
    if (!isJsonObject(request)) return { type: "skip", reason: "missing field request" };
    if (typeof request.url !== "string" || pathOfUrl(request.url) !== options.endpoint) return NOT_MCP;
    if (typeof value.startedDateTime !== "string") return { type: "skip", reason: "missing field startedDateTime" };
    const startedAt = parseIsoTimestamp(value.startedDateTime);
    if (startedAt === null) return { type: "skip", reason: `timestamp is not ISO-8601 with a zone: ${JSON.stringify(value.startedDateTime.slice(0, 64))}` };
    if (typeof request.method !== "string") return { type: "skip", reason: "field request.method: expected string" };
    // `time` is the whole exchange in ms; -1 or absent when the writer did not know it.
    const elapsed = typeof value.time === "number" && value.time >= 0 ? value.time : 0;
    const responseObject = isJsonObject(response) ? response : null;
    // Status 0: the browser got no response (aborted, blocked).
    const status = typeof responseObject?.status === "number" && Number.isInteger(responseObject.status) && responseObject.status > 0 ? responseObject.status : null;
    const responseHeaders = responseObject ? headersOf(responseObject.headers) : null;
    const requestHeaders = headersOf(request.headers);
    const postData = isJsonObject(request.postData) ? request.postData : null;
    const events: Event[] = [];
    exchangeEvents(
      {
        ref,
        startedAt,
        finishedAt: startedAt + elapsed,
        method: request.method,
        sessionId: requestHeaders ? (requestHeaders.get("mcp-session-id") ?? null) : undefined,
        responseSessionId: responseHeaders && status !== null ? (responseHeaders.get("mcp-session-id") ?? null) : undefined,
        status,
        userAgent: requestHeaders?.get("user-agent") ?? null,
        remoteAddress: null,
        contentType: responseHeaders?.get("content-type") ?? null,
        ...bodyOf(typeof postData?.text === "string" ? postData.text : null),
      },
      events,
    );
    return { type: "events", events, loggedAt: startedAt };
  };
}

/** HAR headers are `[{name, value}]`; names compare case-insensitively (HTTP/2 writes them lower-case). */
function headersOf(list: unknown): Map<string, string> | null {
  if (!Array.isArray(list)) return null;
  const headers = new Map<string, string>();
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.name !== "string" || typeof item.value !== "string") continue;
    const name = item.name.toLowerCase();
    if (!headers.has(name)) headers.set(name, item.value);
  }
  return headers;
}

/** The JSON-RPC method(s) of a posted body: a batch lists its methods; an initialize is one of them. */
function bodyOf(text: string | null): { body?: { rpcMethod: string | null; isInitialize: boolean } } {
  if (text === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  const messages = Array.isArray(value) ? value : [value];
  if (!messages.every(isJsonObject)) return {};
  const methods = messages.map((m) => m.method).filter((m): m is string => typeof m === "string");
  return { body: { rpcMethod: methods.length > 0 ? methods.join(",") : null, isInitialize: methods.includes("initialize") } };
}

/** HAR urls are absolute: the path of `http://host:3000/mcp?x` is `/mcp`. */
function pathOfUrl(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return pathOf(url);
  }
}

