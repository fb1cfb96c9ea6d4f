import type { Report } from "../report.js";

/** What every picture of the report (Mermaid, HTML, terminal) draws from; times in epoch ms. */

export type ReportSession = Report["sessions"][number];
export type SessionEnd = ReportSession["endedBy"];

export interface SessionBar {
  readonly session: ReportSession;
  readonly start: number;
  readonly end: number;
}

export interface ActiveSlot {
  readonly at: number;
  /** The most sessions alive at any moment of the slot. */
  readonly active: number;
}

/** One picture legend for every format, so a colour means the same thing everywhere. */
export const END_LABELS: Readonly<Record<SessionEnd, string>> = {
  orphaned: "orphaned (never deleted, still alive at the end of the log)",
  deleted: "deleted by the client",
  closed: "closed by the server",
  removed: "removed by the server",
  restart: "wiped by a server restart",
  "not-found": "answered 404 (the server no longer knew it)",
};

const toMs = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** A session's bar: from its creation (or the start of the log, for one already alive) to its last request. */
export function describeSessionBars(report: Report): SessionBar[] {
  const logStart = toMs(report.summary.firstEventAt);
  return report.sessions.map((session) => {
    const end = Date.parse(session.lastSeenAt);
    const start = Math.min(toMs(session.createdAt) ?? logStart ?? end, end);
    return { session, start, end };
  });
}

/** The span the pictures cover: the whole log, widened to any bar or sample outside it. */
export function describeTimeSpan(report: Report, bars: readonly SessionBar[]): { from: number; to: number } | null {
  const times = [
    toMs(report.summary.firstEventAt),
    toMs(report.summary.lastEventAt),
    ...bars.flatMap((b) => [b.start, b.end]),
    ...report.activeSessionsSeries.map((p) => Date.parse(p.at)),
  ].filter((t): t is number => t !== null && Number.isFinite(t));
  if (times.length === 0) return null;
  return { from: Math.min(...times), to: Math.max(...times) };
}

/**
 * The active-session step function cut into `slots` equal slices of [from, to], each slice
 * keeping the most sessions alive at any moment in it, so a short peak still shows.
 */
export function sampleActiveSlots(series: Report["activeSessionsSeries"], from: number, to: number, slots: number): ActiveSlot[] {
  const points = series.map((p) => ({ at: Date.parse(p.at), active: p.active }));
  const width = (to - from) / slots;
  const result: ActiveSlot[] = [];
  let next = 0;
  let current = 0;
  for (let slot = 0; slot < slots; slot++) {
    const start = from + slot * width;
    const end = slot === slots - 1 ? Infinity : start + width;
    let peak = current;
    while (next < points.length && points[next]!.at < end) {
      current = points[next]!.active;
      peak = Math.max(peak, current);
      next++;
    }
    result.push({ at: start, active: peak });
  }
  return result;
}
