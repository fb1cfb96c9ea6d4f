import type { TimelineEntry } from "../report.js";
import type { ClosureList } from "./line-table.js";
import type { LoggedSession } from "./logged-session.js";
import { withRoomFor } from "../grown-column.js";
import { NULL_CODE } from "./interner.js";
import { InitializesMet, NarratedInitializes } from "./narrated-initializes.js";
import { closureRows, requestRows } from "./rows.js";
import type { RecordList, Timeline } from "./model.js";
import type { RequestTable } from "./records.js";
import { SessionLines } from "./session-lines.js";
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
  const initializes = new InitializesMet(timeline.tallies.of(NarratedInitializes));
  const closed = new ClosedSinceUse();
  const writer = new TimelineWriter();
  const requests = requestRows(timeline);
  const run = new Run(requests.table);
  const request = requests.table.cursor();
  for (let i = 0; i < requests.length; i++) {
    const row = requests.row(i);
    request.moveTo(row);
    const seq = request.seq;
    if (markers.next < seq) markers.writeBefore(seq, writer, run, closed);
    const code = request.sessionCode;
    // The sweep was given every request sent without a session id whose kind was not known to be
    // another (the fold's noteCandidate), and classified those it found initializes: a row's session
    // id never changes and its kind only goes from unknown to initialize (inferInitialize), so those
    // are the rows with no id that are initializes now, less the ones an answer made so after the
    // sweep passed them (InitializesMet.isClassified). Nothing is kept per request to find them.
    if (code === NULL_CODE && request.isInitialize === true && initializes.isClassified(row)) {
      run.flush(writer);
      const at = request.at;
      if (writer.open(at, at)) {
        const { kind, aliveSessions, aliveCount, idleGapMs } = initializes.details();
        writer.push({ type: "initialize", at: iso(at), ref: request.ref, client: request.clientKey, kind, aliveSessions: aliveSessions.slice(), aliveCount, idleGapMs });
      }
      continue;
    }
    const session = Math.max(-1, code);
    const survived = session >= 0 && closed.take(session);
    const client = request.clientCode;
    const at = request.at;
    if (run.first !== NO_RUN && !survived && run.client === client && run.session === session && at - run.lastAt < IDLE_GAP_MARK_MS) {
      run.last = request.row;
      run.lastAt = at;
      run.count++;
    } else {
      run.flush(writer);
      run.start(request.row, client, session, at, survived);
    }
  }
  markers.writeBefore(Infinity, writer, run, closed);
  run.flush(writer);
  return writer.finish();
}

/**
 * The run of requests being folded: one client's, one session's (-1: no session id), compared as
 * the numbers of their strings. Fields of one object, not locals a closure shares: a double in a
 * closure's context is a new heap number at each write, and the 1 GiB bench log writes one per
 * request.
 */
class Run {
  /** The rows of the run's first and last requests (NO_RUN: no run), made into records once the run is written. */
  first = NO_RUN;
  last = NO_RUN;
  client = 0;
  session = 0;
  lastAt = 0;
  count = 0;
  afterStreamClosed = false;

  constructor(private readonly table: RequestTable) {}

  start(row: number, client: number, session: number, at: number, afterStreamClosed: boolean) {
    this.first = this.last = row;
    this.client = client;
    this.session = session;
    this.lastAt = at;
    this.count = 1;
    this.afterStreamClosed = afterStreamClosed;
  }

  /** Records of the run's ends are made only for an entry written: most runs of a busy log are only counted (two records a run were 112 MB of the narration's 266 MB of heap at 1 GiB). */
  flush(writer: TimelineWriter) {
    if (this.first === NO_RUN) return;
    if (writer.open(this.table.atOf(this.first), this.lastAt)) {
      const f = this.table.record(this.first);
      const l = this.table.record(this.last);
      writer.push({
        type: "requests", at: iso(f.at), until: iso(l.at), firstRef: f.ref, lastRef: l.ref,
        client: f.clientKey, sessionId: f.sessionId ?? null, count: this.count, afterStreamClosed: this.afterStreamClosed,
      });
    }
    this.first = NO_RUN;
  }
}

const NO_RUN = -1;

/**
 * The sessions whose response stream closed since their last request, by the number of the id's
 * string (a closure's sessionCode is its requests' sessionCode): a Set of ids, asked at every
 * request, kept every session whose stream closed and that was not used again, and cost half a
 * second of the 1 GiB bench log's narration. A stream may close before its session's first request.
 */
class ClosedSinceUse {
  private closed = new Uint8Array(1024);

  add(code: number) {
    this.fit(code);
    this.closed[code] = 1;
  }

  /** Whether the session's stream closed since its last request, which is now being read. */
  take(code: number): boolean {
    this.fit(code);
    const closed = this.closed[code] === 1;
    this.closed[code] = 0;
    return closed;
  }

  private fit(code: number) {
    if (code >= this.closed.length) this.closed = withRoomFor(this.closed, code);
  }
}

/**
 * The lines shown on their own (not folded): session creations, session ends, stream closures
 * and restarts, each list in log order, merged as the requests are walked. Three cursors, not one
 * sorted list of every line: a 1 GiB log has over a million such lines, and building and sorting
 * an object per line took 1.7 s of its run. Each cursor's next position is kept in a field (the
 * sessions' lines' with their times: SessionLines), so the merge follows no pointer to find the
 * next line, and none at all for the lines past MAX_TIMELINE_ENTRIES, which are only counted.
 */
class MarkerLines {
  private readonly sessions: RecordList<LoggedSession>;
  private readonly sessionLines: SessionLines;
  private readonly closures: ClosureList;
  private readonly restarts: Timeline["restarts"];
  private k = 0;
  private r = 0;
  private sessionSeq: number;
  private closureSeq: number;
  private restartSeq: number;
  /** The log position of the next line, or Infinity when none is left. */
  next: number;

  constructor(timeline: Timeline) {
    this.sessions = timeline.sessions as RecordList<LoggedSession>;
    this.sessionLines = new SessionLines(this.sessions);
    this.closures = closureRows(timeline);
    // An inferred restart is placed at the initialize that revealed it, which can be earlier
    // than a restart already found: the few restarts are put in order here.
    this.restarts = sortBySeq(timeline.restarts, (r) => r.seq);
    this.sessionSeq = this.sessionLines.seq;
    this.closureSeq = this.closureSeqAt(0);
    this.restartSeq = this.restartSeqAt(0);
    this.next = this.findNext();
  }

  /** Writes the entries of the lines before `seq`, each after the run it ends, and notes the streams they close. */
  writeBefore(seq: number, writer: TimelineWriter, run: Run, closed: ClosedSinceUse) {
    while (this.next < seq) {
      run.flush(writer);
      const closedSession = this.write(writer);
      if (closedSession >= 0) closed.add(closedSession);
      this.next = this.findNext();
    }
  }

  private findNext(): number {
    return Math.min(this.sessionSeq, this.closureSeq, this.restartSeq);
  }

  /** Writes the next line's entry; for a stream closure, returns the number of the session it closed, else -1. */
  private write(writer: TimelineWriter): number {
    const seq = this.next;
    if (seq === this.sessionSeq) {
      const lines = this.sessionLines;
      const at = lines.at;
      const isEnd = lines.isEnd;
      const position = lines.session;
      lines.next();
      this.sessionSeq = lines.seq;
      // The session read only for an entry written: past the first ones, it was a cache miss per line.
      if (writer.open(at, at)) writer.push(isEnd ? describeEnd(this.sessions.at(position)!) : describeCreation(this.sessions.at(position)!));
      return -1;
    }
    if (seq === this.closureSeq) {
      const row = this.closures.row(this.k);
      const closures = this.closures.table;
      this.closureSeq = this.closureSeqAt(++this.k);
      const at = closures.atOf(row);
      if (writer.open(at, at)) {
        const c = closures.record(row);
        writer.push({ type: "stream-closed", at: iso(at), ref: c.ref, sessionId: c.sessionId, elapsedMs: c.elapsedMs });
      }
      return closures.sessionCodeOf(row);
    }
    const r = this.restarts[this.r]!;
    this.restartSeq = this.restartSeqAt(++this.r);
    if (writer.open(r.at, r.at)) writer.push({ type: "server-restart", at: iso(r.at), ref: r.ref, detail: describeRestart(r) });
    return -1;
  }

  /** The log position of closure k, read from its row: a record is made only for an entry written. */
  private closureSeqAt(k: number): number {
    return k < this.closures.length ? this.closures.table.seqOf(this.closures.row(k)) : Infinity;
  }

  /** An inferred restart sits at the initialize that revealed it: just ahead of that line. */
  private restartSeqAt(r: number): number {
    return r < this.restarts.length ? this.restarts[r]!.seq - 0.5 : Infinity;
  }
}

function describeCreation(session: LoggedSession): TimelineEntry {
  const created = session.created!;
  return { type: "session-created", at: iso(created.at), ref: created.ref, sessionId: session.id, activeSessions: created.activeSessions };
}

function describeEnd(session: LoggedSession): TimelineEntry {
  const end = session.end!;
  return { type: "session-ended", at: iso(end.at), ref: end.ref, sessionId: session.id, endedBy: end.kind as Exclude<typeof end.kind, "restart"> };
}

function describeRestart(r: Timeline["restarts"][number]): string {
  return r.evidence === "server-started"
    ? `server_started${r.pid === null ? "" : ` pid=${r.pid}`}; ${r.wipedSessions.length} session(s) wiped`
    : `inferred: active_sessions=${r.reportedActive} while the log explains ${r.explainedActive}; ${r.wipedSessions.length} session(s) wiped`;
}

/**
 * Marks idle gaps between consecutive entries, builds the first MAX_TIMELINE_ENTRIES and counts the
 * rest. An entry is built by its caller once `open` says it is kept, not handed over as a function
 * to call: a function that builds an entry from the caller's variables gave every call that could
 * write one (about five million on the 1 GiB bench log) a context of its own for those variables.
 */
class TimelineWriter {
  private readonly entries: TimelineEntry[] = [];
  private omitted = 0;
  // Not `number | null`: a field that may hold null keeps a double as a heap number, new at each write.
  private hasEntry = false;
  private previousEnd = 0;

  /** Opens the next entry, spanning `at` to `until`: true when the caller is to push it, false when it is only counted. */
  open(at: number, until: number): boolean {
    const previousEnd = this.previousEnd;
    if (this.hasEntry && at - previousEnd >= IDLE_GAP_MARK_MS) {
      if (this.isFull()) this.omitted++;
      else this.entries.push({ type: "idle-gap", at: iso(previousEnd), until: iso(at), ms: at - previousEnd });
    }
    this.previousEnd = this.hasEntry ? Math.max(previousEnd, until) : until;
    this.hasEntry = true;
    if (!this.isFull()) return true;
    this.omitted++;
    return false;
  }

  push(entry: TimelineEntry) {
    this.entries.push(entry);
  }

  finish(): { entries: TimelineEntry[]; omitted: number } {
    return { entries: this.entries, omitted: this.omitted };
  }

  private isFull(): boolean {
    return this.entries.length >= MAX_TIMELINE_ENTRIES;
  }
}
