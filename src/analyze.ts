import { analyzers } from "./analyzers/index.js";
import { enabledAnalyzers, runAnalyzers, type RuleLevels } from "./analyzers/run-analyzers.js";
import { buildReport } from "./build-report.js";
import type { Event } from "./events.js";
import { decideHypotheses } from "./hypotheses/index.js";
import { InputSummary } from "./input/input-summary.js";
import { readEvents } from "./input/read-events.js";
import { listLimitations } from "./limitations.js";
import type { Report } from "./report.js";
import { buildTimeline } from "./timeline/build-timeline.js";
import { filterTimeline } from "./timeline/filter-timeline.js";

export interface AnalyzeOptions {
  readonly batchGapMs: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly client: string | null;
  readonly session: string | null;
  readonly strict: boolean;
  /** Longer lines are skipped unread (default 1 MiB). */
  readonly maxLineBytes?: number;
  readonly toolVersion: string;
  /** Severity overrides by rule id; `off` drops the rule. */
  readonly rules: RuleLevels;
}

/** The whole pipeline: read → parse → timeline → analyzers and hypotheses → report. */
export async function analyzeLog(path: string, options: AnalyzeOptions): Promise<Report> {
  const input = new InputSummary();
  const window = { outside: 0 };
  const events = withinWindow(readEvents(path, input, { strict: options.strict, maxLineBytes: options.maxLineBytes }), options, window);
  const full = await buildTimeline(events, { batchGapMs: options.batchGapMs });
  const timeline = filterTimeline(full, options);
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
    findings: runAnalyzers(analyzers, timeline, options.rules),
    hypotheses: decideHypotheses(timeline),
    limitations: listLimitations(timeline.facts, enabledAnalyzers(analyzers, options.rules)),
  });
}

async function* withinWindow(events: AsyncIterable<Event>, options: AnalyzeOptions, window: { outside: number }) {
  for await (const event of events) {
    if ((options.from !== null && event.at < options.from) || (options.to !== null && event.at > options.to)) window.outside++;
    else yield event;
  }
}
