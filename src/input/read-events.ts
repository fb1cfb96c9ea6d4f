import type { Event, LineRef } from "../events.js";
import { createAccessParser, type AccessMapping } from "./access-format.js";
import { parseEventsLine } from "./events-format.js";
import type { InputFormat, InputSummary } from "./input-summary.js";
import type { LineResult } from "./line-result.js";
import { createPinoParser, isPinoLine } from "./pino-format.js";
import { DEFAULT_MAX_LINE_BYTES, GzipDataError, readLines, type RawLine } from "./read-lines.js";
import { RecentLines } from "./recent-lines.js";

/** A malformed line under `--strict`: the CLI turns it into one message and exit code 2. */
export class StrictInputError extends Error {}

export interface ReadEventsOptions {
  readonly strict: boolean;
  readonly maxLineBytes?: number;
  /** `auto` decides per file from its first lines. */
  readonly inputFormat?: InputFormat | "auto";
  /** The MCP endpoint's path, for formats that log every request of the server (pino). */
  readonly endpoint?: string;
  /** Set when several files are merged: one file's `request_id` must not answer another's. */
  readonly requestIdPrefix?: string;
  /** The fields of an access log (`--map`); required for the access format, never auto-detected. */
  readonly accessMapping?: AccessMapping;
}

const BLANK_LINE: LineResult = { type: "skip", reason: "blank line" };
const NOT_BLANK = /\S/;
/** How many lines auto-detection looks at before settling on the events format. */
const DETECTION_LINES = 100;

/**
 * Streams one log file (or stdin, `-`; gzipped or not) as events, recording every line it could
 * not use in `summary` with the reason, so that lines read = events + ignored + skipped. A gzip
 * stream that breaks ends the file: the events before the break are kept, the break is recorded
 * in `summary.errors`.
 */
export async function* readEvents(path: string, summary: InputSummary, options: ReadEventsOptions): AsyncGenerator<Event> {
  const file = summary.addFile(path);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const tooLong: LineResult = { type: "skip", reason: `line longer than ${maxLineBytes} bytes` };
  const recent = new RecentLines();
  const lines = readLines(path, maxLineBytes);
  const prefix = options.requestIdPrefix;
  let previousAt = -Infinity;
  let previousLine = 0;
  try {
    const { format, replay } = options.inputFormat === undefined || options.inputFormat === "auto" ? await detectFormat(lines) : { format: options.inputFormat, replay: [] };
    summary.setFormat(format);
    const parse = parserFor(format, options);
    for await (const raw of prepend(replay, lines)) {
      file.lines++;
      const ref = { file: path, line: raw.line };
      const result = raw.tooLong ? tooLong : classifyLine(raw, recent, ref, parse);
      if (result.type === "event" || result.type === "events") {
        file.events++;
        if (raw.invalidUtf8) summary.recordWarning({ ...ref, reason: "bytes that are not UTF-8, read as U+FFFD" });
        const loggedAt = result.type === "event" ? result.event.at : result.loggedAt;
        if (loggedAt < previousAt) summary.recordWarning({ ...ref, reason: `clock went backwards by ${previousAt - loggedAt} ms since line ${previousLine}` });
        previousAt = loggedAt;
        previousLine = raw.line;
        if (result.type === "event") yield prefix === undefined ? result.event : withRequestIdPrefix(result.event, prefix);
        else yield* result.events;
        continue;
      }
      if (result.type === "ignored") {
        file.ignored++;
        summary.recordIgnored(result.eventName);
        continue;
      }
      const bytes = raw.invalidUtf8 ? `not valid UTF-8: ${result.reason}` : result.reason;
      const reason = raw.terminated ? bytes : `truncated last line (no newline at end of file): ${bytes}`;
      if (options.strict) throw new StrictInputError(`${path}:${raw.line}: ${reason}`);
      file.skipped++;
      summary.recordSkip({ ...ref, reason });
    }
  } catch (error) {
    if (!(error instanceof GzipDataError)) throw error;
    // Lines gathered for detection but never counted were read too.
    summary.recordError(`${path}: ${error.message} after ${file.lines} lines`);
  }
}

function parserFor(format: InputFormat, options: ReadEventsOptions): (text: string, ref: LineRef) => LineResult {
  const endpoint = options.endpoint ?? "/mcp";
  if (format === "pino") return createPinoParser({ endpoint });
  if (format === "access") return createAccessParser(options.accessMapping ?? {}, { endpoint });
  return parseEventsLine;
}

function classifyLine(raw: RawLine, recent: RecentLines, ref: LineRef, parse: (text: string, ref: LineRef) => LineResult): LineResult {
  if (!NOT_BLANK.test(raw.text)) return BLANK_LINE;
  const earlier = recent.findRepeat(raw.text, raw.line);
  if (earlier !== null) return { type: "skip", reason: `duplicate of line ${earlier}` };
  return parse(raw.text, ref);
}

/** The format of the first line that is a JSON object of a known shape; events when none is. */
async function detectFormat(lines: AsyncIterator<RawLine>): Promise<{ format: InputFormat; replay: RawLine[] }> {
  const replay: RawLine[] = [];
  while (replay.length < DETECTION_LINES) {
    const next = await lines.next();
    if (next.done) break;
    replay.push(next.value);
    const format = formatOf(next.value);
    if (format !== null) return { format, replay };
  }
  return { format: "events", replay };
}

function formatOf(raw: RawLine): InputFormat | null {
  if (raw.tooLong || !NOT_BLANK.test(raw.text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw.text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  if (typeof (value as { event?: unknown }).event === "string") return "events";
  return isPinoLine(value as Record<string, unknown>) ? "pino" : null;
}

async function* prepend<T>(first: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    yield* first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

function withRequestIdPrefix(event: Event, prefix: string): Event {
  if ((event.kind !== "request" && event.kind !== "response") || event.requestId === null) return event;
  return { ...event, requestId: prefix + event.requestId };
}
