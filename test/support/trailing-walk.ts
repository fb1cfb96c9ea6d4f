import assert from "node:assert/strict";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { TALLIES } from "../../src/tallies.js";
import { buildTimeline } from "../../src/timeline/build-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import type { Tally } from "../../src/timeline/walk-feed.js";
import { FILE } from "./analyzer-tester.js";

/**
 * The timeline of events-format lines handed over one per batch, as a slow reader would: the walk,
 * the release a lag behind it and the classification's sweep behind that may run after every one,
 * so a test sees what arrives later than `walkLag` events (Infinity: everything walked at the end).
 * A line's `file` names the file it comes from (else FILE), each file's lines numbered from 1.
 */
export async function timelineTrailing(lines: readonly Record<string, unknown>[], walkLag: number, tallies: readonly Tally[] = TALLIES): Promise<Timeline> {
  async function* oneByOne(): AsyncGenerator<Event[]> {
    const lineNumbers = new Map<string, number>();
    for (const line of lines) {
      const file = typeof line.file === "string" ? line.file : FILE;
      const number = (lineNumbers.get(file) ?? 0) + 1;
      lineNumbers.set(file, number);
      const { file: _, ...fields } = line;
      const result = parseEventsLine(JSON.stringify(fields), { file, line: number });
      assert.equal(result.type, "event", `${file}:${number} did not parse`);
      if (result.type === "event") yield [result.event];
    }
  }
  return buildTimeline(oneByOne(), { batchGapMs: 2000, walkLag, tallies });
}
