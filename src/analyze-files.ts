import { analyzers } from "./analyzers/index.js";
import { enabledAnalyzers, runAnalyzers } from "./analyzers/run-analyzers.js";
import type { AnalyzeOptions } from "./analyze.js";
import { buildReport } from "./build-report.js";
import { collectLargeGarbage } from "./collect-garbage.js";
import type { Event } from "./events.js";
import { decideHypotheses } from "./hypotheses/index.js";
import { packedWithin, unpackEvents, type PackedEvents } from "./input/event-codec.js";
import { InputSummary } from "./input/input-summary.js";
import { mergeByTime, orderWithinWindow } from "./input/order-events.js";
import { readEvents, type ReadEventsOptions } from "./input/read-events.js";
import { readInWorker, type ReadingThread } from "./input/read-in-worker.js";
import { listLimitations } from "./limitations.js";
import { TALLIES } from "./tallies.js";
import type { Report } from "./report.js";
import { buildTimeline } from "./timeline/build-timeline.js";
import { filterTimeline } from "./timeline/filter-timeline.js";
import { checkRoomForReport } from "./timeline/heap-guard.js";

/**
 * analyzeLog's pipeline once its reading threads are started: read → parse → timeline → analyzers
 * and hypotheses → report. Several files (rotated logs, several instances) are merged into one
 * timeline by time, each file first put in order within a bounded window. `threads` holds, by the
 * file's index, the thread started for it, if any; `readOptions` the options of the file's reader.
 */
export async function analyzeFiles(files: readonly string[], threads: readonly (ReadingThread | null)[], readOptions: (index: number) => ReadEventsOptions, options: AnalyzeOptions): Promise<Report> {
  const input = new InputSummary();
  const window = { outside: 0 };
  const inline = (path: string, index: number) => orderWithinWindow(readEvents(path, input, readOptions(index)), input);
  const threaded = (path: string, index: number) => readInWorker(path, input, readOptions(index), threads[index]!);
  const eventsOf = (path: string, index: number) => (threads[index] ? unpacked(threaded(path, index)) : inline(path, index));
  // A lone file goes to the timeline as read (packed, from a reading thread); a merge reads events.
  // Every async-generator layer costs a promise per batch: skip the ones with nothing to do.
  const read = files.length > 1 ? mergeByTime(files.map(eventsOf)) : threads[0] ? threaded(files[0]!, 0) : inline(files[0]!, 0);
  const events = options.from === null && options.to === null ? read : withinWindow(read, options, window);
  // Every reader of the re-initializes after the fold is an observer of the walk: only a filter's narrowing reads them.
  const reinitializationsFor = options.keepEveryReinitialization ? undefined : { client: options.client, session: options.session };
  const full = await buildTimeline(events, { batchGapMs: options.batchGapMs, tallies: TALLIES, reinitializationsFor });
  // Full collections where a phase's garbage would otherwise lie under the next one's peak (see
  // collectGarbage): the fold's (its batches and working columns, 46 of the 213 MB of array
  // buffers at 1 GiB), then the rules' and the hypotheses' (the heap 182 → 167 MB) before the
  // report, the analysis' peak. Peak RSS, 1 GiB events log, 3 runs each: 551-559 → 493-506 MB.
  collectLargeGarbage();
  const timeline = filterTimeline(full, options);
  // And the filter's (68 -> 33 MB of the heap by a collection after it, when --client keeps every
  // request at 1 GiB), which lay under the rules' and the hypotheses' peak: peak RSS, 1 GiB events
  // log, --client 10.: 276-280 -> 252-253 MB, the unfiltered run's (248-253).
  if (timeline !== full) collectLargeGarbage();
  options.inputErrors?.push(...input.errors);
  const findings = runAnalyzers(analyzers, timeline, options.rules, options.thresholds);
  const hypotheses = decideHypotheses(timeline);
  collectLargeGarbage();
  checkRoomForReport();
  return buildReport(timeline, {
    toolVersion: options.toolVersion,
    input,
    outsideWindow: window.outside,
    options: {
      batchGapMs: options.batchGapMs,
      from: options.from === null ? null : new Date(options.from).toISOString(),
      to: options.to === null ? null : new Date(options.to).toISOString(),
      client: options.client,
      session: options.session,
    },
    findings,
    hypotheses,
    limitations: [...listLimitations(timeline.facts, enabledAnalyzers(analyzers, options.rules), timeline.tallies.lateFacts), ...formatLimitations(input)],
  });
}

async function* unpacked(batches: AsyncIterable<PackedEvents>): AsyncGenerator<Event[]> {
  for await (const batch of batches) yield unpackEvents(batch);
}

async function* withinWindow(batches: AsyncIterable<readonly Event[] | PackedEvents>, options: AnalyzeOptions, window: { outside: number }): AsyncGenerator<readonly Event[] | PackedEvents> {
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  for await (const batch of batches) {
    if (Array.isArray(batch)) {
      const kept = batch.filter((event) => event.at >= from && event.at <= to);
      window.outside += batch.length - kept.length;
      if (kept.length > 0) yield kept;
    } else {
      const packed = batch as PackedEvents;
      const kept = packedWithin(packed, from, to);
      window.outside += packed.count - kept.count;
      if (kept.count > 0) yield kept;
    }
  }
}

/** What a request log (pino, access) cannot show, said plainly; each reason fits a report line. */
function formatLimitations(input: InputSummary): Report["limitations"] {
  const format = input.format;
  if (format === "events") return [];
  const restarts = format === "access" ? "an access log shows none" : format === "har" ? "a HAR is the client's side: it shows none" : "seen only as a new pid on a hostname already seen in the same file";
  return [
    // A HAR keeps the posted bodies: its JSON-RPC methods are read, not inferred.
    ...(format === "har" ? [] : [{
      check: `JSON-RPC methods (${format} input)`,
      reason: "request logs carry no body: initializes are inferred (a POST without mcp-session-id answered with a new id); a session starts at the first response carrying its id",
    }]),
    {
      check: `session ends (${format} input)`,
      reason: "no server session lines: a session ends only by a DELETE answered 2xx or a 404; one the server dropped silently reads as orphaned",
    },
    {
      check: `server restarts (${format} input)`,
      reason: restarts,
    },
  ];
}
