import type { Event } from "../events.js";
import { createAccessParser, type AccessMapping } from "./access-format.js";
import { BatchBuffers } from "./batch-buffers.js";
import type { PackedEvents } from "./event-codec.js";
import { EventRows } from "./event-rows.js";
import { parseEventsRawLine, parseEventsRawLineInto } from "./events-bytes.js";
import type { FileCounts, InputFormat, InputSummary } from "./input-summary.js";
import { instanceOfFile, instanceOfLine, withInstance, type InstanceSource } from "./instance-source.js";
import type { LineResult } from "./line-result.js";
import { createPinoRawParser, isPinoLine } from "./pino-format.js";
import { createHarParser, isHarStart } from "./har-format.js";
import { extractArrayElements } from "./json-array-elements.js";
import { ChunkPool } from "./file-chunks.js";
import { DEFAULT_MAX_LINE_BYTES, GzipDataError, readBytes, readLines, splitLines, type OnBytes, type RawLine } from "./read-lines.js";
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
  /** `--instance-from`: label each event with the server instance it came from. */
  readonly instanceFrom?: InstanceSource;
  /** Told how many bytes of the file were read, as stored and as log, chunk by chunk. */
  readonly onBytes?: OnBytes;
}

const BLANK_LINE: LineResult = { type: "skip", reason: "blank line" };
const NOT_BLANK = /\S/;
const OPEN_BRACE = 0x7b;
/** How many lines auto-detection looks at before settling on the events format. */
const DETECTION_LINES = 100;
/** The bytes auto-detection looks at for a HAR's opening `{"log":`. */
const HAR_DETECTION_BYTES = 4096;
/** A HAR entry holds response bodies: far more room than a log line, still a bound on memory. */
export const MAX_HAR_ENTRY_BYTES = 64 << 20;

/**
 * Streams one log file (or stdin, `-`; gzipped or not) as batches of events, one per batch of
 * lines read, recording every line it could not use in `summary` with the reason, so that lines read =
 * events + ignored + skipped. A gzip stream that breaks ends the file: the events before the
 * break are kept, the break is recorded in `summary.errors`.
 */
export async function* readEvents(path: string, summary: InputSummary, options: ReadEventsOptions): AsyncGenerator<Event[]> {
  let events: Event[] = [];
  for await (const _ of readInto(path, summary, options, { add: (event) => void events.push(event), rows: null })) {
    if (events.length > 0) yield events;
    events = [];
  }
}

/**
 * readEvents, orderWithinWindow and packEvents of one file for a reading thread, without an Event
 * per line where the events format's bytes reader reads it: the same batches, rows, strings and
 * summary (see EventRows). The batches are packed into `buffers`' memory: a buffer given back to
 * it is packed into again.
 */
export async function* readEventRows(path: string, summary: InputSummary, options: ReadEventsOptions, buffers = new BatchBuffers()): AsyncGenerator<PackedEvents> {
  const rows = new EventRows(path, summary, buffers);
  for await (const _ of readInto(path, summary, options, { add: (event) => rows.addEvent(event), rows })) {
    const packed = rows.takeOrdered();
    if (packed !== null) yield packed;
  }
  const rest = rows.takeRest();
  if (rest !== null) yield rest;
}

/** Where a file's events go as its lines are read: `add` takes an Event; `rows`, when there are, take the bytes reader's events directly. */
interface EventSink {
  readonly add: (event: Event) => void;
  readonly rows: EventRows | null;
}

/** Reads the file's lines into `sink`, pausing after each batch of lines. */
async function* readInto(path: string, summary: InputSummary, options: ReadEventsOptions, sink: EventSink): AsyncGenerator<void> {
  const file = summary.addFile(path);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  try {
    const { batches, format, replay } = await openInput(path, options, maxLineBytes);
    summary.setFormat(format);
    const readLine = createLineReader(path, format, summary, file, options, maxLineBytes, sink);
    for await (const lines of prepend(replay, batches)) {
      for (let i = 0; i < lines.length; i++) readLine(lines[i]!);
      yield;
    }
  } catch (error) {
    if (!(error instanceof GzipDataError)) throw error;
    // Lines gathered for detection but never counted were read too.
    summary.recordError(`${path}: ${error.message} after ${file.lines} lines`);
  }
}

/**
 * The per-line accounting of one file: each line read is counted as an event (added to `sink`),
 * an ignored kind or a reasoned skip; warnings for bytes that were not UTF-8 and for a clock
 * going backwards, judged against the previous event line of the same file.
 */
function createLineReader(path: string, format: InputFormat, summary: InputSummary, file: FileCounts, options: ReadEventsOptions, maxLineBytes: number, sink: EventSink) {
  const tooLong: LineResult = { type: "skip", reason: format === "har" ? `HAR entry longer than ${MAX_HAR_ENTRY_BYTES} bytes` : `line longer than ${maxLineBytes} bytes` };
  const prefix = options.requestIdPrefix;
  const { add, rows } = sink;
  const parse = parserFor(format, options, path, rows);
  const recent = new RecentLines();
  const source = options.instanceFrom;
  const fileInstance = source?.from === "filename" ? instanceOfFile(path) : null;
  // In a typed array, not a variable of the closure: a double stored there is a new HeapNumber
  // each line (8.6 of the 255 MB the reading thread allocated for the 100 MiB bench log).
  const previousAt = Float64Array.of(-Infinity);
  let previousLine = 0;
  return (raw: RawLine): void => {
    file.lines++;
    const result = raw.tooLong ? tooLong : classifyLine(raw, recent, path, parse);
    const type = result.type;
    if (type === "event" || type === "events" || type === "written") {
      file.events++;
      if (raw.invalidUtf8) summary.recordWarning({ file: path, line: raw.line, reason: "bytes that are not UTF-8, read as U+FFFD" });
      const loggedAt = type === "event" ? result.event.at : type === "events" ? result.loggedAt : rows!.lastAt();
      if (loggedAt < previousAt[0]!) summary.recordWarning({ file: path, line: raw.line, reason: `clock went backwards by ${previousAt[0]! - loggedAt} ms since line ${previousLine}` });
      previousAt[0] = loggedAt;
      previousLine = raw.line;
      const instance = source?.from === "field" ? instanceOfLine(raw.text, source.field) : fileInstance;
      if (type === "written") {
        if (instance !== null) rows!.setInstance(instance);
      } else if (type === "event") add(withInstance(prefix === undefined ? result.event : withRequestIdPrefix(result.event, prefix), instance));
      else for (const event of result.events) add(withInstance(event, instance));
      return;
    }
    if (type === "ignored") {
      file.ignored++;
      summary.recordIgnored(result.eventName);
      return;
    }
    const bytes = raw.invalidUtf8 ? `not valid UTF-8: ${result.reason}` : result.reason;
    const reason = raw.terminated ? bytes : `truncated last line (no newline at end of file): ${bytes}`;
    if (options.strict) throw new StrictInputError(`${path}:${raw.line}: ${reason}`);
    file.skipped++;
    summary.recordSkip({ file: path, line: raw.line, reason });
  };
}

/**
 * The file's units in batches (lines, or a HAR's entries one by one) and its format. A HAR is one
 * JSON document, not lines: auto-detection looks at the first bytes for it before splitting
 * lines for the others. `replay` holds the batches detection read, to be read again first.
 */
async function openInput(path: string, options: ReadEventsOptions, maxLineBytes: number): Promise<{ batches: AsyncIterator<RawLine[]>; format: InputFormat; replay: RawLine[][] }> {
  const wanted = options.inputFormat ?? "auto";
  if (wanted !== "auto" && wanted !== "har") return { batches: readLines(path, maxLineBytes, options.onBytes), format: wanted, replay: [] };
  const pool = new ChunkPool();
  const bytes = readBytes(path, options.onBytes, pool);
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < HAR_DETECTION_BYTES) {
    const next = await bytes.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const chunks = prepend(head, bytes);
  if (wanted === "har" || isHarStart(Buffer.concat(head).toString("utf8", 0, Math.min(headLength, HAR_DETECTION_BYTES)))) {
    // A HAR is small next to a log and its entries are large: one entry per batch is no cost.
    return { batches: oneByOne(extractArrayElements(chunks, { path: ["log", "entries"], maxElementBytes: MAX_HAR_ENTRY_BYTES })), format: "har", replay: [] };
  }
  const batches = splitLines(chunks, maxLineBytes, pool);
  return { batches, ...(await detectFormat(batches)) };
}

async function* oneByOne<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}

type LineParser = (raw: RawLine) => LineResult;

/** The format's parser of a line; the events and pino formats read the line's bytes (into `rows` when there are), the others its text. */
function parserFor(format: InputFormat, options: ReadEventsOptions, path: string, rows: EventRows | null): LineParser {
  if (format === "events" && rows !== null) {
    const prefix = options.requestIdPrefix;
    return (raw) => parseEventsRawLineInto(raw, rows, path, prefix);
  }
  if (format === "events") return (raw) => parseEventsRawLine(raw, { file: path, line: raw.line });
  const endpoint = options.endpoint ?? "/mcp";
  // A pino line's rows are labelled with an instance one by one (see createLineReader): a line
  // written straight into rows would label only its last.
  if (format === "pino") return createPinoRawParser({ endpoint }, path, options.instanceFrom === undefined ? rows : null);
  const parse = format === "har" ? createHarParser({ endpoint }) : createAccessParser(options.accessMapping ?? {}, { endpoint });
  return (raw) => parse(raw.text, { file: path, line: raw.line });
}

function classifyLine(raw: RawLine, recent: RecentLines, path: string, parse: LineParser): LineResult {
  if (isBlank(raw)) return BLANK_LINE;
  const earlier = recent.findRepeat(raw.text, raw.hash, raw.line);
  if (earlier !== null) return { type: "skip", reason: `duplicate of line ${earlier}` };
  return parse(raw);
}

/**
 * A line of a JSON log starts with its object's `{`: only other lines need the regular
 * expression. Its first byte is read, not the text's first character: the text is a slice of a
 * larger string, whose characters are reached through it (1% of the reading thread's samples at 1 GiB).
 */
function isBlank(raw: RawLine): boolean {
  return raw.bytes[raw.start] !== OPEN_BRACE && !NOT_BLANK.test(raw.text);
}

/**
 * The format of the first line that is a JSON object of a known shape; events when none is. The
 * batches kept to be read again hold their own copies of their bytes once the next is asked for:
 * their chunk may be read into (see RawLine.bytes).
 */
async function detectFormat(batches: AsyncIterator<RawLine[]>): Promise<{ format: InputFormat; replay: RawLine[][] }> {
  const replay: RawLine[][] = [];
  let seen = 0;
  while (seen < DETECTION_LINES) {
    if (replay.length > 0) replay.push(replay.pop()!.map(withOwnBytes));
    const next = await batches.next();
    if (next.done) break;
    replay.push(next.value);
    for (const raw of next.value) {
      if (seen === DETECTION_LINES) break;
      seen++;
      const format = formatOf(raw);
      if (format !== null) return { format, replay };
    }
  }
  return { format: "events", replay };
}

function withOwnBytes(raw: RawLine): RawLine {
  return { ...raw, bytes: Buffer.from(raw.bytes.subarray(raw.start, raw.end)), start: 0, end: raw.end - raw.start };
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
