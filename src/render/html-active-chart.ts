import type { Report } from "../report.js";
import { formatCount } from "./format.js";
import { createTimeScale, PLOT_LEFT, PLOT_RIGHT, renderTimeAxis, round, SVG_WIDTH } from "./html-svg.js";

const HEIGHT = 200;
const TOP = 12;
const BOTTOM = HEIGHT - 24;

/** Active sessions as a step line over the same time axis as the session timeline. */
export function renderActiveChartSvg(report: Report, span: { from: number; to: number }): string {
  const series = report.activeSessionsSeries;
  if (series.length === 0) return `<p class="muted">The log has no session counts to draw.</p>`;
  const peak = Math.max(1, ...series.map((p) => p.active));
  const x = createTimeScale(span.from, span.to);
  const y = (active: number) => round(BOTTOM - (active / peak) * (BOTTOM - TOP));
  let path = `M${x(Date.parse(series[0]!.at))} ${y(series[0]!.active)}`;
  for (const point of series.slice(1)) path += ` H${x(Date.parse(point.at))} V${y(point.active)}`;
  path += ` H${PLOT_RIGHT}`;
  const area = `${path} V${BOTTOM} H${x(Date.parse(series[0]!.at))} Z`;
  const yTicks = [...new Set([0, Math.round(peak / 2), peak])]
    .map((v) => `<line class="axis" x1="${PLOT_LEFT}" x2="${PLOT_RIGHT}" y1="${y(v)}" y2="${y(v)}"/><text x="${PLOT_LEFT - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`)
    .join("");
  const source = series[0]!.source === "logged" ? "the server's active_sessions" : "counted from the log's lifecycle lines";
  const label = `Active sessions over time, peak ${formatCount(peak, "session")} (${source})`;
  return (
    `<svg id="active-chart" viewBox="0 0 ${SVG_WIDTH} ${HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>` +
    `${renderTimeAxis(span.from, span.to, TOP, BOTTOM)}${yTicks}<path class="active-area" d="${area}"/><path class="active-line" d="${path}"/></svg>` +
    `<p class="muted">${label}.</p>`
  );
}
