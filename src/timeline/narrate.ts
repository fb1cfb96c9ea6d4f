import type { TimelineEntry } from "../report.js";
import type { ClosureList } from "./line-table.js";
import type { LoggedSession } from "./logged-session.js";
import { withRoomFor } from "../grown-column.js";
import { NULL_CODE } from "./interner.js";
import { InitializesMet, NarratedInitializes } from "./narrated-initializes.js";
import { closureRows, requestRows } from "./rows.js";
import type { RecordList, Timeline } from "./model.js";
import type { RequestTable } from "./records.js";
import { isAscendingAt } from "./is-ascending.js";
import { NearNumbers } from "./near-numbers.js";
import { Positions } from "./positions.js";
import { orderBySeq, sortBySeq } from "./sort-by-seq.js";

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
 * and restarts, each list in log order, merged as the requests are walked. Four cursors, not one
 * sorted list of every line: a 1 GiB log has over a million such lines, and building and sorting
 * an object per line took 1.7 s of its run. Each cursor's next position is kept in a field, and
 * the sessions' positions and times in typed arrays, so the merge follows no pointer to find the
 * next line, and none at all for the lines past MAX_TIMELINE_ENTRIES, which are only counted.
 */
class MarkerLines {
  private readonly sessions: RecordList<LoggedSession>;
  private readonly created: SessionLines;
  private readonly ended: SessionLines;
  private readonly closures: ClosureList;
  private readonly restarts: Timeline["restarts"];
  private c = 0;
  private e = 0;
  private k = 0;
  private r = 0;
  private createdSeq: number;
  private endedSeq: number;
  private closureSeq: number;
  private restartSeq: number;
  /** The log position of the next line, or Infinity when none is left. */
  next: number;

  constructor(timeline: Timeline) {
    const sessions = (this.sessions = timeline.sessions as RecordList<LoggedSession>);
    // Each list as long as it will be, not as the sessions: two thirds of the 100 MiB bench log's
    // sessions end by a line (25,991 of 38,535), and a list is made whole before it is written.
    // Counted from what a session holds (whether it has its creation's row, its end's), not read
    // from the rows.
    let creations = 0;
    let ends = 0;
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions.at(i)!;
      if (session.hasCreation) creations++;
      if (session.ended) ends++;
    }
    const created = (this.created = new SessionLines(creations));
    const ended = (this.ended = new SessionLines(ends));
    // One pass over the sessions for both lists: each session is a pointer away, at 1 GiB a cache
    // miss. Their lines' positions and times are read from their rows, not from records made for
    // the purpose: 371,000 sessions made 0.7 million records at 1 GiB.
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions.at(i)!;
      const creationSeq = session.creationSeq;
      if (creationSeq !== Infinity) created.add(i, creationSeq, session.creationAt);
      const endSeq = session.endSeq;
      if (endSeq !== Infinity && session.endKind !== "restart") ended.add(i, endSeq, session.endAt);
    }
    created.sort();
    ended.sort();
    this.closures = closureRows(timeline);
    // An inferred restart is placed at the initialize that revealed it, which can be earlier
    // than a restart already found: the few restarts are put in order here.
    this.restarts = sortBySeq(timeline.restarts, (r) => r.seq);
    this.createdSeq = created.seqAt(0);
    this.endedSeq = ended.seqAt(0);
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
    return Math.min(this.createdSeq, this.endedSeq, this.closureSeq, this.restartSeq);
  }

  /** Writes the next line's entry; for a stream closure, returns the number of the session it closed, else -1. */
  private write(writer: TimelineWriter): number {
    const seq = this.next;
    if (seq === this.createdSeq) {
      const c = this.c;
      const at = this.created.atAt(c);
      this.createdSeq = this.created.seqAt(++this.c);
      if (writer.open(at, at)) {
        // The session read only for an entry written: past the first ones, it was a cache miss per line.
        const session = this.sessions.at(this.created.sessionAt(c))!;
        const created = session.created!;
        writer.push({ type: "session-created", at: iso(created.at), ref: created.ref, sessionId: session.id, activeSessions: created.activeSessions });
      }
      return -1;
    }
    if (seq === this.endedSeq) {
      const e = this.e;
      const at = this.ended.atAt(e);
      this.endedSeq = this.ended.seqAt(++this.e);
      if (writer.open(at, at)) {
        const session = this.sessions.at(this.ended.sessionAt(e))!;
        const end = session.end!;
        writer.push({ type: "session-ended", at: iso(end.at), ref: end.ref, sessionId: session.id, endedBy: end.kind as Exclude<typeof end.kind, "restart"> });
      }
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

/**
 * Sessions' lines of one kind, gathered in the sessions' order and read in log order through
 * `order`. Sessions are kept as their positions in typed arrays, not in lists of pointers: two such
 * lists per kind (gathered, sorted) were some 12 MB of the old generation at 1 GiB (371,000
 * sessions), garbage once the narration ends and still there when the report's JSON is written,
 * the run's peak. Read through the order rather than copied into it: the copies of the three
 * columns were 15 MB more of the report's peak at 1 GiB.
 */
class SessionLines {
  private count = 0;
  /** None kept while every session has such a line (Positions): the creations, mostly. */
  private readonly sessions: Positions;
  /** Four bytes each where they fit (NearNumbers): the bench logs' all do. */
  private readonly seqs: NearNumbers;
  private readonly ats: NearNumbers;
  /** Null while the lines are in log order as gathered (the creations, mostly). */
  private order: Int32Array | null = null;

  constructor(capacity: number) {
    this.sessions = new Positions(capacity);
    this.seqs = new NearNumbers(capacity);
    this.ats = new NearNumbers(capacity);
  }

  add(session: number, seq: number, at: number) {
    this.count++;
    this.sessions.push(session);
    this.seqs.push(seq);
    this.ats.push(at);
  }

  /**
   * Once every line is added: they are read in log order from then on; the creations are
   * gathered in log order already (see isAscendingAt), and are read as gathered.
   */
  sort() {
    const seqs = this.seqs;
    const seqOf = (k: number) => seqs.get(k);
    this.order = isAscendingAt(this.count, seqOf) ? null : orderBySeq(this.count, seqOf);
  }

  /** The kth line's log position in log order, Infinity past the last. */
  seqAt(k: number): number {
    return k < this.count ? this.seqs.get(this.order === null ? k : this.order[k]!) : Infinity;
  }

  atAt(k: number): number {
    return this.ats.get(this.order === null ? k : this.order[k]!);
  }

  /** The position in the timeline's sessions of the kth line's session. */
  sessionAt(k: number): number {
    return this.sessions.get(this.order === null ? k : this.order[k]!);
  }
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
