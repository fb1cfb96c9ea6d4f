import type { LineRef } from "../events.js";
import type { EventRows } from "./event-rows.js";
import type { LineResult } from "./line-result.js";
import { isJsonObject, parseJsonObject, type JsonObject } from "./parse-json-object.js";
import { scanPinoBytes } from "./pino-bytes.js";
import { fieldsOfObject, newPinoFields, PinoExchanges } from "./pino-exchange.js";
import type { RawLine } from "./read-lines.js";

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

/**
 * A parser per file of the lines' text: it remembers each hostname's pid to see a restart, in
 * `exchanges` when a bytes reader of the same file shares them (createPinoRawParser).
 */
export function createPinoParser(options: PinoOptions, exchanges = new PinoExchanges()): (text: string, ref: LineRef) => LineResult {
  const fields = newPinoFields();
  return (text, ref) => {
    const parsed = parseJsonObject(text);
    if ("skip" in parsed) return parsed.skip;
    return exchanges.events(fieldsOfObject(parsed.object, options.endpoint, fields), ref);
  };
}

/**
 * A parser per file of its raw lines: read from their bytes where scanPinoBytes can, into `rows`
 * when there are (see PinoExchanges.writeRows), else parsed from their text; the same results
 * either way. A log the bytes reader cannot read would pay for the attempt on every line, so
 * after DECLINES_BEFORE_PAUSE declines in a row it rests for PAUSE_LINES lines (as the events
 * format's does, events-bytes.ts).
 */
export function createPinoRawParser(options: PinoOptions, path: string, rows: EventRows | null): (raw: RawLine) => LineResult {
  const exchanges = new PinoExchanges();
  const fields = newPinoFields();
  // A url's path is compared as bytes with the endpoint's UTF-8; an endpoint UTF-8 cannot hold
  // (a lone surrogate) is left to the text reader.
  const endpoint = Buffer.from(options.endpoint, "utf8");
  const usable = endpoint.toString("utf8") === options.endpoint;
  let declinedInARow = 0;
  let pausedFor = 0;
  const parseText = createPinoParser(options, exchanges);
  const fromText = (raw: RawLine): LineResult => parseText(raw.text, { file: path, line: raw.line });
  return (raw) => {
    if (pausedFor > 0) {
      pausedFor--;
      return fromText(raw);
    }
    if (usable && !raw.invalidUtf8 && scanPinoBytes(raw.bytes, raw.start, raw.end, endpoint, fields)) {
      declinedInARow = 0;
      return rows !== null ? exchanges.writeRows(fields, path, raw.line, rows) : exchanges.events(fields, { file: path, line: raw.line });
    }
    if (++declinedInARow === DECLINES_BEFORE_PAUSE) {
      declinedInARow = 0;
      pausedFor = PAUSE_LINES;
    }
    return fromText(raw);
  };
}

const DECLINES_BEFORE_PAUSE = 64;
const PAUSE_LINES = 4096;

/**
 * Whether a parsed line is pino's: the auto-detection's test. A request line has `req` and `res`;
 * the application's own lines around them (`server listening`) have pino's numeric `level`.
 */
export function isPinoLine(value: JsonObject): boolean {
  return typeof value.time === "number" && ((isJsonObject(value.req) && isJsonObject(value.res)) || (typeof value.level === "number" && typeof value.msg === "string"));
}
