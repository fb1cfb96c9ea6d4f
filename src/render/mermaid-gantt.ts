import type { Report } from "../report.js";
import { describeSessionBars, describeTimeSpan, type SessionBar, type SessionEnd } from "./chart-data.js";
import { shortId } from "./escape.js";
import { formatCount } from "./format.js";
import { fenceMermaid, mermaidLabel } from "./mermaid-text.js";

/** GitHub renders a few hundred bars, but past about 100 nobody reads them. */
export const MAX_GANTT_BARS = 100;
/** Sessions that live 200 ms in a 20-minute log would be invisible: every bar gets ≥ 1% of the span. */
const MIN_BAR_SHARE = 0.01;
const MIN_BAR_MS = 1000;

/** Mermaid's gantt has four looks; these carry the endings a reader must tell apart. */
const TAGS: Readonly<Record<SessionEnd, string>> = {
  orphaned: "crit, ",
  deleted: "done, ",
  closed: "active, ",
  removed: "active, ",
  restart: "",
  "not-found": "",
};

export const GANTT_LEGEND =
  "Bars run from a session's creation to its last request. Red (`crit`): orphaned, never deleted; grey (`done`): deleted by the client; highlighted (`active`): closed or removed by the server; plain: wiped by a restart or answered 404.";

function describeTask(bar: SessionBar, index: number, minWidth: number, fullIds: boolean): string {
  const { session } = bar;
  // A leading number keeps a hostile id from reading as a keyword (`section`, `title`, `click`).
  const name = mermaidLabel(`${index + 1}. ${shortId(session.id, fullIds)}, ${formatCount(session.requests, "request")}`);
  const end = Math.max(bar.end, bar.start + minWidth);
  return `    ${name} :${TAGS[session.endedBy]}s${index + 1}, ${Math.round(bar.start)}, ${Math.round(end)}`;
}

/** Sections per client, in order of their first session. */
function groupByClient(bars: readonly SessionBar[]): Map<string, { bar: SessionBar; index: number }[]> {
  const groups = new Map<string, { bar: SessionBar; index: number }[]>();
  for (const [index, bar] of bars.entries()) {
    const key = bar.session.client ?? "unknown client";
    groups.set(key, [...(groups.get(key) ?? []), { bar, index }]);
  }
  return groups;
}

/** A Mermaid gantt with one bar per session (the first `maxBars`), or "" when there is none to draw. */
export function renderSessionGantt(report: Report, fullIds: boolean, maxBars = MAX_GANTT_BARS): string {
  const bars = describeSessionBars(report);
  const span = describeTimeSpan(report, bars);
  if (bars.length === 0 || span === null || maxBars === 0) return "";
  const drawn = bars.slice(0, maxBars);
  const minWidth = Math.max(MIN_BAR_MS, (span.to - span.from) * MIN_BAR_SHARE);
  const lines = ["gantt", `    title Sessions (${drawn.length} of ${bars.length + report.sessionsOmitted})`, "    dateFormat x", "    axisFormat %H:%M:%S"];
  for (const [client, tasks] of groupByClient(drawn)) {
    lines.push(`    section ${mermaidLabel(client)}`);
    for (const { bar, index } of tasks) lines.push(describeTask(bar, index, minWidth, fullIds));
  }
  // The report lists the first 1,000 sessions: the rest were not drawn either.
  const left = bars.length - drawn.length + report.sessionsOmitted;
  const note = left > 0 ? `\n\n${formatCount(left, "more session")} not drawn (see the session table or --format json).` : "";
  return `${fenceMermaid(lines)}\n\n${GANTT_LEGEND}${note}`;
}
