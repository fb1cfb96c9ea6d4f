import type { TimelineEntry } from "../report.js";
import type { RequestRecord, Timeline } from "./model.js";

/** Gaps at least this long between consecutive entries are marked as idle gaps. */
export const IDLE_GAP_MARK_MS = 60_000;
/** The narrative is for reading: past this many entries the rest is counted, not listed. */
export const MAX_TIMELINE_ENTRIES = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/** An entry not yet built: busy logs have millions, and only the first MAX are ever shown. */
interface PendingEntry {
  readonly seq: number;
  readonly at: number;
  readonly until: number;
  /** Set on stream closures: the session whose next request "survived the disconnect". */
  readonly closedSession?: string | null;
  readonly build: () => TimelineEntry;
}

/**
 * The Capture-1-style story: session creations, initializes (losses marked), runs of requests
 * of one client and one session folded into one entry, stream closures, restarts, idle gaps.
 */
export function narrateTimeline(timeline: Timeline): { entries: TimelineEntry[]; omitted: number } {
  const markers = markerEntries(timeline).sort((a, b) => a.seq - b.seq);
  // Both in log order: a cursor finds a request's classification without a map of every initialize.
  const reinits = timeline.reinitializations;
  let nextReinit = 0;
  const closedSinceUse = new Set<string>();
  const writer = new TimelineWriter();
  let run: { first: RequestRecord; last: RequestRecord; count: number; afterStreamClosed: boolean } | null = null;
  const flushRun = () => {
    if (!run) return;
    const { first, last, count, afterStreamClosed } = run;
    writer.add(first.at, last.at, () => ({
      type: "requests", at: iso(first.at), until: iso(last.at), firstRef: first.ref, lastRef: last.ref,
      client: first.clientKey, sessionId: first.sessionId ?? null, count, afterStreamClosed,
    }));
    run = null;
  };
  let m = 0;
  const flushMarkersBefore = (seq: number) => {
    while (m < markers.length && markers[m]!.seq < seq) {
      flushRun();
      const marker = markers[m++]!;
      if (marker.closedSession) closedSinceUse.add(marker.closedSession);
      writer.add(marker.at, marker.until, marker.build);
    }
  };

  const requests = timeline.requests;
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i]!;
    flushMarkersBefore(request.seq);
    while (nextReinit < reinits.length && reinits[nextReinit]!.request.seq < request.seq) nextReinit++;
    const reinit = reinits[nextReinit]?.request === request ? reinits[nextReinit++] : undefined;
    if (reinit) {
      flushRun();
      writer.add(request.at, request.at, () => ({
        type: "initialize", at: iso(request.at), ref: request.ref, client: request.clientKey,
        kind: reinit.kind, aliveSessions: [...reinit.aliveSessions], aliveCount: reinit.aliveCount, idleGapMs: reinit.idleGapMs,
      }));
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
  return writer.finish();
}

/** Every line shown on its own (not folded), keyed by log position. */
function markerEntries(timeline: Timeline): PendingEntry[] {
  const items: PendingEntry[] = [];
  const sessions = timeline.sessions;
  for (let i = 0; i < sessions.length; i++) {
    const session = sessions[i]!;
    const created = session.created;
    if (created) {
      items.push({
        seq: created.seq, at: created.at, until: created.at,
        build: () => ({ type: "session-created", at: iso(created.at), ref: created.ref, sessionId: session.id, activeSessions: created.activeSessions }),
      });
    }
    const end = session.end;
    if (end && end.kind !== "restart") {
      const endedBy = end.kind;
      items.push({
        seq: end.seq, at: end.at, until: end.at,
        build: () => ({ type: "session-ended", at: iso(end.at), ref: end.ref, sessionId: session.id, endedBy }),
      });
    }
  }
  const closures = timeline.streamClosures;
  for (let i = 0; i < closures.length; i++) {
    const c = closures[i]!;
    items.push({
      seq: c.seq, at: c.at, until: c.at, closedSession: c.sessionId,
      build: () => ({ type: "stream-closed", at: iso(c.at), ref: c.ref, sessionId: c.sessionId, elapsedMs: c.elapsedMs }),
    });
  }
  for (const r of timeline.restarts) {
    const detail =
      r.evidence === "server-started"
        ? `server_started${r.pid === null ? "" : ` pid=${r.pid}`}; ${r.wipedSessions.length} session(s) wiped`
        : `inferred: active_sessions=${r.reportedActive} while the log explains ${r.explainedActive}; ${r.wipedSessions.length} session(s) wiped`;
    // An inferred restart sits at the initialize that revealed it: put it just ahead of that line.
    items.push({ seq: r.seq - 0.5, at: r.at, until: r.at, build: () => ({ type: "server-restart", at: iso(r.at), ref: r.ref, detail }) });
  }
  return items;
}

/** Marks idle gaps between consecutive entries, builds the first MAX_TIMELINE_ENTRIES and counts the rest. */
class TimelineWriter {
  private readonly entries: TimelineEntry[] = [];
  private omitted = 0;
  private previousEnd: number | null = null;

  add(at: number, until: number, build: () => TimelineEntry) {
    const previousEnd = this.previousEnd;
    if (previousEnd !== null && at - previousEnd >= IDLE_GAP_MARK_MS) {
      this.keep(() => ({ type: "idle-gap", at: iso(previousEnd), until: iso(at), ms: at - previousEnd }));
    }
    this.keep(build);
    this.previousEnd = previousEnd === null ? until : Math.max(previousEnd, until);
  }

  finish(): { entries: TimelineEntry[]; omitted: number } {
    return { entries: this.entries, omitted: this.omitted };
  }

  private keep(build: () => TimelineEntry) {
    if (this.entries.length < MAX_TIMELINE_ENTRIES) this.entries.push(build());
    else this.omitted++;
  }
}
