import type { Report } from "../report.js";
import { describeSessionBars, describeTimeSpan, sampleActiveSlots } from "./chart-data.js";
import { formatClock, formatDateTime } from "./format.js";
import { fenceMermaid } from "./mermaid-text.js";

/** More x labels than this overlap on GitHub's page width. */
export const MAX_XYCHART_POINTS = 24;

/** A Mermaid `xychart-beta` line of active sessions over time, or "" without a series. */
export function renderActiveSessionsChart(report: Report): string {
  const series = report.activeSessionsSeries;
  const span = describeTimeSpan(report, describeSessionBars(report));
  if (series.length === 0 || span === null) return "";
  const from = Date.parse(series[0]!.at);
  const slots = span.to > from ? sampleActiveSlots(series, from, span.to, Math.min(MAX_XYCHART_POINTS, series.length * 2)) : [{ at: from, active: series[0]!.active }];
  const peak = Math.max(1, ...slots.map((s) => s.active));
  // Labels are times like 08:28:46, and a `:` must be quoted; `xychart` without `-beta` needs Mermaid ≥ 11.10.
  const labels = slots.map((s) => `"${formatClock(new Date(s.at).toISOString()).replace("Z", "")}"`);
  const lines = [
    "xychart-beta",
    '    title "Active sessions (UTC)"',
    `    x-axis [${labels.join(", ")}]`,
    `    y-axis "sessions" 0 --> ${peak}`,
    `    line [${slots.map((s) => s.active).join(", ")}]`,
  ];
  const source = series[0]!.source === "logged" ? "the server's `active_sessions`" : "counted from the log's lifecycle lines";
  const caption = `Most sessions alive in each slice of ${formatDateTime(new Date(from).toISOString())} to ${formatClock(new Date(span.to).toISOString())} (${source}).`;
  return `${fenceMermaid(lines)}\n\n${caption}`;
}
