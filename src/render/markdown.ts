import type { Report } from "../report.js";
import {
  renderBatchPatternSection,
  renderClientsSection,
  renderFindingsSection,
  renderHypothesesSection,
  renderInputSection,
  renderLimitationsSection,
  renderSessionsSection,
} from "./markdown-sections.js";
import { renderChartsSection } from "./markdown-charts.js";
import { renderStatisticsSection, renderSummarySection } from "./markdown-summary.js";
import { renderTimelineLines, renderTimelineSection } from "./markdown-timeline.js";

export interface MarkdownOptions {
  readonly fullIds: boolean;
  /** The Mermaid gantt of sessions and chart of active sessions (`--no-charts` leaves them out); default on. */
  readonly charts?: boolean;
}

/** GitHub cuts issue bodies at 65,536 characters; the margin leaves room for the reporter's words. */
const MAX_MARKDOWN_CHARS = 60_000;

function assembleReport(report: Report, options: MarkdownOptions, timeline: string): string {
  const sections = [
    renderSummarySection(report),
    renderClientsSection(report),
    timeline,
    renderSessionsSection(report, options.fullIds),
    options.charts === false ? "" : renderChartsSection(report, options.fullIds),
    renderStatisticsSection(report),
    renderFindingsSection(report),
    renderHypothesesSection(report),
    renderBatchPatternSection(report),
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

/** Every other section is capped in rows, so a last-resort cut only guards against pathologies. */
function cutAtLimit(markdown: string): string {
  if (markdown.length <= MAX_MARKDOWN_CHARS) return markdown;
  const note = "\n\n… report cut at 60,000 characters (see --format json)\n";
  const cut = markdown.lastIndexOf("\n", MAX_MARKDOWN_CHARS - note.length);
  return `${markdown.slice(0, Math.max(cut, 0))}${note}`;
}

/**
 * The report as GitHub-flavoured markdown for an issue, in the seed report's order. Stays under
 * GitHub's size limit by shortening the timeline first.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions): string {
  const lines = renderTimelineLines(report, options.fullIds);
  const full = assembleReport(report, options, renderTimelineSection(lines, report.timelineOmitted, 0));
  if (full.length <= MAX_MARKDOWN_CHARS) return full;
  const withoutTimeline = assembleReport(report, options, renderTimelineSection([], report.timelineOmitted, lines.length));
  const kept = countLinesWithin(lines, MAX_MARKDOWN_CHARS - withoutTimeline.length);
  const shortened = renderTimelineSection(lines.slice(0, kept), report.timelineOmitted, lines.length - kept);
  return cutAtLimit(assembleReport(report, options, shortened));
}
