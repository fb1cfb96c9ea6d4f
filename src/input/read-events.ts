import type { Event } from "../events.js";
import { parseEventsLine } from "./events-format.js";
import type { InputSummary } from "./input-summary.js";
import type { LineResult } from "./line-result.js";
import { DEFAULT_MAX_LINE_BYTES, readLines, type RawLine } from "./read-lines.js";
import { RecentLines } from "./recent-lines.js";

/** A malformed line under `--strict`: the CLI turns it into one message and exit code 2. */
export class StrictInputError extends Error {}

export interface ReadEventsOptions {
  readonly strict: boolean;
  readonly maxLineBytes?: number;
}

const BLANK_LINE: LineResult = { type: "skip", reason: "blank line" };
const NOT_BLANK = /\S/;

/**
 * Streams one log file as events, recording every line it could not use in `summary`
 * with the reason, so that lines read = events + ignored + skipped.
 */
export async function* readEvents(path: string, summary: InputSummary, options: ReadEventsOptions): AsyncGenerator<Event> {
  const file = summary.addFile(path);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const tooLong: LineResult = { type: "skip", reason: `line longer than ${maxLineBytes} bytes` };
  const recent = new RecentLines();
  let previous: Event | null = null;
  for await (const raw of readLines(path, maxLineBytes)) {
    file.lines++;
    const ref = { file: path, line: raw.line };
    const result = raw.tooLong ? tooLong : classifyLine(raw, recent, ref);
    if (result.type === "event") {
      file.events++;
      if (raw.invalidUtf8) summary.recordWarning({ ...ref, reason: "bytes that are not UTF-8, read as U+FFFD" });
      if (previous !== null && result.event.at < previous.at) {
        summary.recordWarning({ ...ref, reason: `clock went backwards by ${previous.at - result.event.at} ms since line ${previous.ref.line}` });
      }
      previous = result.event;
      yield result.event;
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
}

function classifyLine(raw: RawLine, recent: RecentLines, ref: { file: string; line: number }): LineResult {
  if (!NOT_BLANK.test(raw.text)) return BLANK_LINE;
  const earlier = recent.findRepeat(raw.text, raw.line);
  if (earlier !== null) return { type: "skip", reason: `duplicate of line ${earlier}` };
  return parseEventsLine(raw.text, ref);
}
