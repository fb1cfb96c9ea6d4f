import type { TimelineEntry } from "../report.js";
import type { RequestRecord, Session, Timeline } from "./model.js";
import { sortBySeq } from "./sort-by-seq.js";

/** Gaps at least this long between consecutive entries are marked as idle gaps. */
export const IDLE_GAP_MARK_MS = 60_000;
/** The narrative is for reading: past this many entries the rest is counted, not listed. */
export const MAX_TIMELINE_ENTRIES = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The Capture-1-style story: session creations, initializes (losses marked), runs of requests
 * of one client and one session folded into one entry, stream closures, restarts, idle gaps.
 * Entries past MAX_TIMELINE_ENTRIES are only counted: busy logs have millions, so nothing is
 * built for them, not even the function that would build one.
 */
export function narrateTimeline(timeline: Timeline): { entries: TimelineEntry[]; omitted: number } {
  const markers = new MarkerLines(timeline);
  // Both in log order: a cursor finds a request's classification without a map of every initialize.
  const reinits = timeline.reinitializations;
  let nextReinit = 0;
  const closedSinceUse = new Set<string>();
  const writer = new TimelineWriter();
  let run: { first: RequestRecord; last: RequestRecord; count: number; afterStreamClosed: boolean } | null = null;
  const flushRun = () => {
    if (!run) return;
    const { first, last, count, afterStreamClosed } = run;
    writer.add(first.at, last.at, writer.full ? null : () => ({
      type: "requests", at: iso(first.at), until: iso(last.at), firstRef: first.ref, lastRef: last.ref,
      client: first.clientKey, sessionId: first.sessionId ?? null, count, afterStreamClosed,
    }));
    run = null;
  };
  const flushMarkersBefore = (seq: number) => {
    while (markers.nextSeq() < seq) {
      flushRun();
      const closedSession = markers.writeNext(writer);
      if (closedSession) closedSinceUse.add(closedSession);
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
      writer.add(request.at, request.at, writer.full ? null : () => ({
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

/**
 * The lines shown on their own (not folded): session creations, session ends, stream closures
 * and restarts, each list in log order, merged as the requests are walked. Four cursors, not one
 * sorted list of every line: a 1 GiB log has over a million such lines, and building and sorting
 * an object per line took 1.7 s of its run.
 */
class MarkerLines {
  private readonly created: readonly Session[];
  private readonly ended: readonly Session[];
  private readonly closures: Timeline["streamClosures"];
  private readonly restarts: Timeline["restarts"];
  private c = 0;
  private e = 0;
  private k = 0;
  private r = 0;
  /** nextSeq's answer, kept: it is asked at every request and changes only when a line is written. */
  private next: number;

  constructor(timeline: Timeline) {
    this.created = sortBySeq(timeline.sessions.filter((s) => s.created !== null), (s) => s.created!.seq);
    this.ended = sortBySeq(timeline.sessions.filter((s) => s.end !== null && s.end.kind !== "restart"), (s) => s.end!.seq);
    this.closures = timeline.streamClosures;
    // An inferred restart is placed at the initialize that revealed it, which can be earlier
    // than a restart already found: the few restarts are put in order here.
    this.restarts = sortBySeq(timeline.restarts, (r) => r.seq);
    this.next = this.findNext();
  }

  /** The log position of the next line, or Infinity when none is left. */
  nextSeq(): number {
    return this.next;
  }

  /** Writes the next line's entry; for a stream closure, returns the session it closed. */
  writeNext(writer: TimelineWriter): string | null {
    const closed = this.write(writer);
    this.next = this.findNext();
    return closed;
  }

  private findNext(): number {
    return Math.min(this.createdSeq(), this.endedSeq(), this.closureSeq(), this.restartSeq());
  }

  private write(writer: TimelineWriter): string | null {
    const seq = this.next;
    if (seq === this.createdSeq()) {
      const session = this.created[this.c++]!;
      const created = session.created!;
      writer.add(created.at, created.at, writer.full ? null : () => ({
        type: "session-created", at: iso(created.at), ref: created.ref, sessionId: session.id, activeSessions: created.activeSessions,
      }));
      return null;
    }
    if (seq === this.endedSeq()) {
      const session = this.ended[this.e++]!;
      const end = session.end!;
      const endedBy = end.kind as Exclude<typeof end.kind, "restart">;
      writer.add(end.at, end.at, writer.full ? null : () => ({ type: "session-ended", at: iso(end.at), ref: end.ref, sessionId: session.id, endedBy }));
      return null;
    }
    if (seq === this.closureSeq()) {
      const c = this.closures[this.k++]!;
      writer.add(c.at, c.at, writer.full ? null : () => ({ type: "stream-closed", at: iso(c.at), ref: c.ref, sessionId: c.sessionId, elapsedMs: c.elapsedMs }));
      return c.sessionId;
    }
    const r = this.restarts[this.r++]!;
    writer.add(r.at, r.at, writer.full ? null : () => ({ type: "server-restart", at: iso(r.at), ref: r.ref, detail: describeRestart(r) }));
    return null;
  }

  private createdSeq(): number {
    return this.c < this.created.length ? this.created[this.c]!.created!.seq : Infinity;
  }

  private endedSeq(): number {
    return this.e < this.ended.length ? this.ended[this.e]!.end!.seq : Infinity;
  }

  private closureSeq(): number {
    return this.k < this.closures.length ? this.closures[this.k]!.seq : Infinity;
  }

  /** An inferred restart sits at the initialize that revealed it: just ahead of that line. */
  private restartSeq(): number {
    return this.r < this.restarts.length ? this.restarts[this.r]!.seq - 0.5 : Infinity;
  }
}

function describeRestart(r: Timeline["restarts"][number]): string {
  return r.evidence === "server-started"
    ? `server_started${r.pid === null ? "" : ` pid=${r.pid}`}; ${r.wipedSessions.length} session(s) wiped`
    : `inferred: active_sessions=${r.reportedActive} while the log explains ${r.explainedActive}; ${r.wipedSessions.length} session(s) wiped`;
}

/** Marks idle gaps between consecutive entries, builds the first MAX_TIMELINE_ENTRIES and counts the rest. */
class TimelineWriter {
  private readonly entries: TimelineEntry[] = [];
  private omitted = 0;
  private previousEnd: number | null = null;

  /** True once the entries are all built: what comes next is only counted. */
  get full(): boolean {
    return this.entries.length >= MAX_TIMELINE_ENTRIES;
  }

  /** `build` may be null when the writer is full (see `full`): the entry is then counted, never built. */
  add(at: number, until: number, build: (() => TimelineEntry) | null) {
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

  private keep(build: (() => TimelineEntry) | null) {
    if (build && !this.full) this.entries.push(build());
    else this.omitted++;
  }
}
