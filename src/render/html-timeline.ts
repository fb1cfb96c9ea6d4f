import type { Report } from "../report.js";
import { describeSessionBars, END_LABELS, type SessionBar } from "./chart-data.js";
import { displayText, shortId } from "./escape.js";
import { formatClock, formatCount, formatDuration } from "./format.js";
import { escapeHtml, htmlText } from "./html-escape.js";
import { createTimeScale, PLOT_LEFT, renderTimeAxis, SVG_WIDTH, type TimeScale } from "./html-svg.js";

/** Past this an SVG gets slow to lay out and too tall to read; the JSON report has the rest. */
export const MAX_HTML_BARS = 500;
const ROW_HEIGHT = 18;
const BAR_HEIGHT = 12;
const MIN_BAR_PX = 4;
const MAX_TIP_RUNS = 12;

/** The session key the bars and the event list share: an index, so no log text is ever matched. */
export function sessionKeys(report: Report): Map<string, string> {
  return new Map(report.sessions.map((s, i) => [s.id, `s${i}`]));
}

/** The tooltip: the session's request runs as the timeline folded them, then its ending. */
function describeTip(bar: SessionBar, report: Report, fullIds: boolean): string {
  const { session } = bar;
  const runs = report.timeline.flatMap((e) => (e.type === "requests" && e.sessionId === session.id ? [e] : []));
  const runLines = runs.slice(0, MAX_TIP_RUNS).map((r) => (r.count === 1 ? `  ${formatClock(r.at)}` : `  ${formatClock(r.at)} to ${formatClock(r.until)}: ${r.count}`));
  if (runs.length > MAX_TIP_RUNS) runLines.push(`  +${runs.length - MAX_TIP_RUNS} more runs`);
  const created = session.createdAt === null ? "alive before the log" : `created ${formatClock(session.createdAt)}`;
  const ended = session.endedAt === null ? END_LABELS[session.endedBy] : `${END_LABELS[session.endedBy]} at ${formatClock(session.endedAt)}`;
  return [
    `session ${displayText(shortId(session.id, fullIds))}`,
    `${formatCount(session.requests, "request")} in ${formatCount(session.batches, "batch", "batches")}`,
    ...(runLines.length > 0 ? ["requests:", ...runLines] : []),
    `${created}, last seen ${formatClock(session.lastSeenAt)} (${formatDuration(bar.end - bar.start)})`,
    ended,
  ].join("\n");
}

function renderBar(bar: SessionBar, row: number, x: TimeScale, key: string, report: Report, fullIds: boolean): string {
  const y = 24 + row * ROW_HEIGHT;
  const left = x(bar.start);
  const width = Math.max(MIN_BAR_PX, x(bar.end) - left);
  const name = htmlText(shortId(bar.session.id, fullIds));
  const tip = escapeHtml(describeTip(bar, report, fullIds));
  return (
    `<g class="bar end-${bar.session.endedBy}" data-session="${key}" data-name="${name}" data-tip="${tip}" tabindex="0" role="button" aria-pressed="false" aria-label="${tip}">` +
    `<title>${tip}</title><text x="${PLOT_LEFT - 8}" y="${y + BAR_HEIGHT - 2}" text-anchor="end">${name}</text>` +
    `<rect x="${left}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="2"/></g>`
  );
}

const LEGEND = [
  ["end-orphaned", "orphaned"],
  ["end-deleted", "deleted"],
  ["end-closed", "closed or removed by the server"],
  ["end-other", "wiped by a restart or answered 404"],
] as const;

/** One bar per session from its creation to its last request; hover for its requests, click to filter the events. */
export function renderSessionTimelineSvg(report: Report, span: { from: number; to: number }, fullIds: boolean): string {
  const bars = describeSessionBars(report);
  if (bars.length === 0) return `<p class="muted">The log shows no sessions.</p>`;
  const drawn = bars.slice(0, MAX_HTML_BARS);
  const keys = sessionKeys(report);
  const x = createTimeScale(span.from, span.to);
  const height = 24 + drawn.length * ROW_HEIGHT + 24;
  const rows = drawn.map((bar, row) => renderBar(bar, row, x, keys.get(bar.session.id)!, report, fullIds));
  const svg =
    `<svg id="session-timeline" viewBox="0 0 ${SVG_WIDTH} ${height}" role="group" aria-label="Session lifetimes, one bar per session">` +
    `${renderTimeAxis(span.from, span.to, 16, height - 24)}${rows.join("")}</svg>`;
  const legend = `<p class="legend">${LEGEND.map(([cls, label]) => `<span class="${cls}"><i></i>${label}</span>`).join("")}</p>`;
  // The report lists the first 1,000 sessions: the rest were not drawn either.
  const left = bars.length - drawn.length + report.sessionsOmitted;
  const note = left > 0 ? `<p class="muted">${formatCount(left, "more session")} not drawn (see --format json).</p>` : "";
  return `${legend}${svg}${note}`;
}
