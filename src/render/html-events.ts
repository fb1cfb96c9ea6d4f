import type { Report, TimelineEntry } from "../report.js";
import { shortId } from "./escape.js";
import { formatClock, formatDuration, formatRef } from "./format.js";
import { htmlText } from "./html-escape.js";

/** What one timeline entry says, as plain text (escaped by the caller), and which sessions it concerns. */
function describeEntry(entry: TimelineEntry, fullIds: boolean): { text: string; sessions: string[]; ref: string | null } {
  const sid = (id: string | null) => (id === null ? "no session id" : shortId(id, fullIds));
  switch (entry.type) {
    case "server-restart":
      return { text: entry.detail, sessions: [], ref: formatRef(entry.ref) };
    case "session-created":
      return { text: `${sid(entry.sessionId)} created${entry.activeSessions === null ? "" : `, ${entry.activeSessions} active`}`, sessions: [entry.sessionId], ref: formatRef(entry.ref) };
    case "initialize": {
      const more = entry.aliveCount > entry.aliveSessions.length ? ` and ${entry.aliveCount - entry.aliveSessions.length} older` : "";
      const lost = entry.kind === "loss" ? `: SESSION DROPPED, ${entry.aliveSessions.map(sid).join(", ")}${more} still alive` : ` (${entry.kind})`;
      return { text: `${entry.client} sent initialize without a session id${lost}`, sessions: [...entry.aliveSessions], ref: formatRef(entry.ref) };
    }
    case "requests":
      return {
        text: `${entry.count} request(s) with ${sid(entry.sessionId)} until ${formatClock(entry.until)}${entry.afterStreamClosed ? ", after its stream closed" : ""}`,
        sessions: entry.sessionId === null ? [] : [entry.sessionId],
        ref: formatRef(entry.firstRef),
      };
    case "stream-closed":
      return { text: `stream of ${sid(entry.sessionId)} closed${entry.elapsedMs === null ? "" : ` after ${formatDuration(entry.elapsedMs)}`}`, sessions: entry.sessionId === null ? [] : [entry.sessionId], ref: formatRef(entry.ref) };
    case "session-ended":
      return { text: `${sid(entry.sessionId)} ${entry.endedBy}`, sessions: [entry.sessionId], ref: formatRef(entry.ref) };
    case "idle-gap":
      return { text: `idle for ${formatDuration(entry.ms)} until ${formatClock(entry.until)}`, sessions: [], ref: null };
  }
}

/** The annotated timeline as a list the session bars filter; `data-sessions` holds session keys, never log text. */
export function renderEventList(report: Report, keys: ReadonlyMap<string, string>, fullIds: boolean): string {
  if (report.timeline.length === 0) return `<p class="muted">No events.</p>`;
  const items = report.timeline.map((entry) => {
    const { text, sessions, ref } = describeEntry(entry, fullIds);
    const sessionKeys = sessions.flatMap((id) => (keys.has(id) ? [keys.get(id)!] : []));
    const refText = ref === null ? "" : ` <span class="ref">${htmlText(ref)}</span>`;
    return `<li class="ev-${entry.type}" data-sessions="${sessionKeys.join(" ")}"><time>${formatClock(entry.at)}</time> <span class="kind">${entry.type}</span> ${htmlText(text)}${refText}</li>`;
  });
  const omitted = report.timelineOmitted > 0 ? `<p class="muted">${report.timelineOmitted} more entries left out (see --format json).</p>` : "";
  return `<ol id="events">${items.join("")}</ol>${omitted}`;
}
