import type { Event } from "../events.js";
import { parseEventsLine } from "./events-format.js";
import type { InputSummary } from "./input-summary.js";
import { readLines } from "./read-lines.js";

/** A malformed line under `--strict`: the CLI turns it into one message and exit code 2. */
export class StrictInputError extends Error {}

export interface ReadEventsOptions {
  readonly strict: boolean;
}

/**
 * Streams one log file as events, recording every line it could not use in `summary`
 * with the reason, so that lines read = events + ignored + skipped.
 */
export async function* readEvents(path: string, summary: InputSummary, options: ReadEventsOptions): AsyncGenerator<Event> {
  const file = summary.addFile(path);
  for await (const raw of readLines(path)) {
    file.lines++;
    const ref = { file: path, line: raw.line };
    const result = raw.text.trim() === "" ? ({ type: "skip", reason: "blank line" } as const) : parseEventsLine(raw.text, ref);
    if (result.type === "event") {
      file.events++;
      yield result.event;
      continue;
    }
    if (result.type === "ignored") {
      file.ignored++;
      summary.recordIgnored(result.eventName);
      continue;
    }
    const reason = raw.terminated ? result.reason : `truncated last line (no newline at end of file): ${result.reason}`;
    if (options.strict) throw new StrictInputError(`${path}:${raw.line}: ${reason}`);
    file.skipped++;
    summary.recordSkip({ ...ref, reason });
  }
}
