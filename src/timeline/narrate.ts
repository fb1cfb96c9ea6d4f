import type { TimelineEntry } from "../report.js";
import type { RequestRecord, Timeline } from "./model.js";

/** Gaps at least this long between consecutive entries are marked as idle gaps. */
export const IDLE_GAP_MARK_MS = 60_000;
/** The narrative is for reading: past this many entries the rest is counted, not listed. */
export const MAX_TIMELINE_ENTRIES = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The Capture-1-style story: session creations, initializes (losses marked), runs of requests
 * of one client and one session folded into one entry, stream closures, restarts, idle gaps.
 */
export function narrateTimeline(timeline: Timeline): { entries: TimelineEntry[]; omitted: number } {
  const markers = markerEntries(timeline).sort((a, b) => a.seq - b.seq);
  const reinitBySeq = new Map(timeline.reinitializations.map((r) => [r.request.seq, r]));
  const closedSinceUse = new Set<string>();
  const entries: TimelineEntry[] = [];
  let run: { first: RequestRecord; last: RequestRecord; count: number; afterStreamClosed: boolean } | null = null;
  const flushRun = () => {
    if (!run) return;
    const { first, last, count, afterStreamClosed } = run;
    entries.push({
      type: "requests", at: iso(first.at), until: iso(last.at), firstRef: first.ref, lastRef: last.ref,
      client: first.clientKey, sessionId: first.sessionId ?? null, count, afterStreamClosed,
    });
    run = null;
  };
  let m = 0;
  const flushMarkersBefore = (seq: number) => {
    while (m < markers.length && markers[m]!.seq < seq) {
      flushRun();
      const { entry } = markers[m++]!;
      if (entry.type === "stream-closed" && entry.sessionId !== null) closedSinceUse.add(entry.sessionId);
      entries.push(entry);
    }
  };

  for (const request of timeline.requests) {
    flushMarkersBefore(request.seq);
    const reinit = reinitBySeq.get(request.seq);
    if (reinit) {
      flushRun();
      entries.push({
        type: "initialize", at: iso(request.at), ref: request.ref, client: request.clientKey,
        kind: reinit.kind, aliveSessions: [...reinit.aliveSessions], aliveCount: reinit.aliveCount, idleGapMs: reinit.idleGapMs,
      });
      continue;
    }
    const sessionId = request.sessionId ?? null;
    const survived = sessionId !== null && closedSinceUse.delete(sessionId);
    const continues =
      run !== null && !survived && run.first.clientKey === request.clientKey &&
      (run.first.sessionId ?? null) === sessionId && request.at - run.last.at < IDLE_GAP_MARK_MS;
    if (run && continues) {
      run.last = request;
      run.count++;
    } else {
      flushRun();
      run = { first: request, last: request, count: 1, afterStreamClosed: survived };
    }
  }
  flushMarkersBefore(Infinity);
  flushRun();
  return capEntries(withIdleGaps(entries));
}

/** Every line shown on its own (not folded), keyed by log position. */
function markerEntries(timeline: Timeline): { seq: number; entry: TimelineEntry }[] {
  const items: { seq: number; entry: TimelineEntry }[] = [];
  for (const session of timeline.sessions) {
    if (session.created) {
      const { seq, at, ref, activeSessions } = session.created;
      items.push({ seq, entry: { type: "session-created", at: iso(at), ref, sessionId: session.id, activeSessions } });
    }
    const end = session.end;
    if (end && end.kind !== "restart") {
      items.push({ seq: end.seq, entry: { type: "session-ended", at: iso(end.at), ref: end.ref, sessionId: session.id, endedBy: end.kind } });
    }
  }
  for (const c of timeline.streamClosures) {
    items.push({ seq: c.seq, entry: { type: "stream-closed", at: iso(c.at), ref: c.ref, sessionId: c.sessionId, elapsedMs: c.elapsedMs } });
  }
  for (const r of timeline.restarts) {
    const detail =
      r.evidence === "server-started"
        ? `server_started${r.pid === null ? "" : ` pid=${r.pid}`}; ${r.wipedSessions.length} session(s) wiped`
        : `inferred: active_sessions=${r.reportedActive} while the log explains ${r.explainedActive}; ${r.wipedSessions.length} session(s) wiped`;
    // An inferred restart sits at the initialize that revealed it: put it just ahead of that line.
    items.push({ seq: r.seq - 0.5, entry: { type: "server-restart", at: iso(r.at), ref: r.ref, detail } });
  }
  return items;
}

function withIdleGaps(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const result: TimelineEntry[] = [];
  let previousEnd: number | null = null;
  for (const entry of entries) {
    const start = Date.parse(entry.at);
    if (previousEnd !== null && start - previousEnd >= IDLE_GAP_MARK_MS) {
      result.push({ type: "idle-gap", at: iso(previousEnd), until: entry.at, ms: start - previousEnd });
    }
    result.push(entry);
    const end = Date.parse("until" in entry ? entry.until : entry.at);
    previousEnd = previousEnd === null ? end : Math.max(previousEnd, end);
  }
  return result;
}

function capEntries(entries: TimelineEntry[]): { entries: TimelineEntry[]; omitted: number } {
  if (entries.length <= MAX_TIMELINE_ENTRIES) return { entries, omitted: 0 };
  return { entries: entries.slice(0, MAX_TIMELINE_ENTRIES), omitted: entries.length - MAX_TIMELINE_ENTRIES };
}
