import type { Report } from "../report.js";
import {
  renderBatchPatternSection,
  renderClientsSection,
  renderHypothesesSection,
  renderInputSection,
  renderLimitationsSection,
  renderSessionsSection,
} from "./markdown-sections.js";
import { renderChartsSection } from "./markdown-charts.js";
import { renderFindingsSection } from "./markdown-findings.js";
import { COMPACT_LAYOUT, FULL_LAYOUT, SPARE_LAYOUT, type MarkdownLayout } from "./markdown-layout.js";
import { renderStatisticsSection, renderSummarySection } from "./markdown-summary.js";
import { renderTimelineLines, renderTimelineSection } from "./markdown-timeline.js";

export interface MarkdownOptions {
  readonly fullIds: boolean;
  /** The Mermaid gantt of sessions and chart of active sessions (`--no-charts` leaves them out); default on. */
  readonly charts?: boolean;
}

/** GitHub cuts issue bodies at 65,536 characters; the margin leaves room for the reporter's words. */
const MAX_MARKDOWN_CHARS = 60_000;

function assembleReport(report: Report, options: MarkdownOptions, layout: MarkdownLayout, timeline: string): string {
  const sections = [
    renderSummarySection(report),
    renderClientsSection(report, layout),
    timeline,
    renderSessionsSection(report, options.fullIds, layout),
    options.charts === false ? "" : renderChartsSection(report, options.fullIds, layout.ganttBars),
    renderStatisticsSection(report),
    renderFindingsSection(report, layout),
    renderHypothesesSection(report),
    renderBatchPatternSection(report, layout),
    renderLimitationsSection(report),
    renderInputSection(report),
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

/** How many timeline lines fit in `budget` characters, each taking its length plus a newline. */
function countLinesWithin(lines: readonly string[], budget: number): number {
  let used = 0;
  for (const [index, line] of lines.entries()) {
    used += line.length + 1;
    if (used > budget) return index;
  }
  return lines.length;
}

/**
 * Only reached when Summary, Findings, What this rules out, Limitations and Input alone overflow
 * (thousands of input files, hostile 200-character values in every cell): nothing left to shorten.
 */
function cutAtLimit(markdown: string): string {
  if (markdown.length <= MAX_MARKDOWN_CHARS) return markdown;
  const note = "\n\n… report cut at 60,000 characters (see --format json)\n";
  const cut = markdown.lastIndexOf("\n", MAX_MARKDOWN_CHARS - note.length);
  return `${markdown.slice(0, Math.max(cut, 0))}${note}`;
}

/**
 * The seed report's Capture 1 needed about 40 entries to show a loss in context: fewer, and the
 * rows of the other sections are worth less than the story.
 */
const MIN_TIMELINE_LINES = 40;

/**
 * The report in `layout` with as much of the timeline as fits, or null when less than `minLines`
 * of it (or of all there is) would.
 */
function fitTimeline(report: Report, options: MarkdownOptions, layout: MarkdownLayout, lines: readonly string[], minLines: number): string | null {
  const withoutTimeline = assembleReport(report, options, layout, renderTimelineSection([], report.timelineOmitted, lines.length));
  const kept = countLinesWithin(lines, MAX_MARKDOWN_CHARS - withoutTimeline.length);
  if (withoutTimeline.length > MAX_MARKDOWN_CHARS || kept < Math.min(minLines, lines.length)) return null;
  const shortened = renderTimelineSection(lines.slice(0, kept), report.timelineOmitted, lines.length - kept);
  return assembleReport(report, options, layout, shortened);
}

/**
 * The report as GitHub-flavoured markdown for an issue, in the seed report's order. A report over
 * GitHub's size limit loses the timeline's tail first; when that leaves too little of the
 * timeline, the tables show fewer rows, then the session table and gantt go. Summary, findings,
 * what this rules out, limitations and input are never shortened: they make the report traceable.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions): string {
  const lines = renderTimelineLines(report, options.fullIds);
  const full = assembleReport(report, options, FULL_LAYOUT, renderTimelineSection(lines, report.timelineOmitted, 0));
  if (full.length <= MAX_MARKDOWN_CHARS) return full;
  const fitted =
    fitTimeline(report, options, FULL_LAYOUT, lines, MIN_TIMELINE_LINES) ??
    fitTimeline(report, options, COMPACT_LAYOUT, lines, MIN_TIMELINE_LINES) ??
    fitTimeline(report, options, SPARE_LAYOUT, lines, 0);
  return fitted ?? cutAtLimit(assembleReport(report, options, SPARE_LAYOUT, renderTimelineSection([], report.timelineOmitted, lines.length)));
}
