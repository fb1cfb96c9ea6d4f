import type { LineRef } from "../events.js";
import type { RecordList, Restart, SessionEndKind, StreamClosure } from "./model.js";
import { groupRowsBySession, type IntList } from "./group-by-session.js";
import { NULL_CODE, type Interner } from "./interner.js";
import { LineTable } from "./line-table.js";
import { LiveSessions } from "./live-sessions.js";
import { OrdinalsByCode } from "./ordinals-by-code.js";
import { SessionTable, type LoggedSession } from "./logged-session.js";
import type { LoggedRequest, RequestCursor, RequestTable, ResponseCursor } from "./records.js";
import { RowList } from "./request-list.js";
import type { ServerLine } from "./server-line-queue.js";
import type { SessionFacts } from "./classify-reinitializations.js";
import type { SampleSink } from "./walk-feed.js";

export interface TrackedSessions {
  /** In the order they were first seen: a session's ordinal is its position. */
  readonly sessions: SessionTable;
  readonly restarts: Restart[];
}

/**
 * Keeps the set of sessions alive on each server instance, told the log's events in log order.
 * Without `--instance-from` every event is of the one instance `null`. A session lives on the
 * instance that created it (or, when its creation is not in the log, where it was first seen); a
 * restart or an `active_sessions` count speaks only for its own instance's sessions. A request
 * is told at its own line and again at its response's line, already paired with that response:
 * what a request did (created a session, deleted one, met a 404) is in its answer.
 */
export class SessionTracker implements TrackedSessions {
  /** A record of a session is made when the tracker changes or reads it, and dropped (SessionTable.at). */
  readonly sessions: SessionTable;
  /**
   * Each session id's session, by the id's number in the timeline's strings: the ordinal plus one
   * times ENTRY_ORDINAL, 0 for none, plus the walk's bits (STREAM_CLOSED, and OWNER_KNOWN once the
   * walk knows the session has an owner: owners are only ever noted, never taken back). A request
   * then reads no owner column, where reading the session's, far from the ordinal, was 114 ms of
   * onRequest's self time (`node --cpu-prof`, 1 GiB events log, its positionTicks, a loaded
   * machine). Sessions, their instances, live sets and deletions were Maps and Sets keyed by the
   * id: a hash per event walked, and tables that grew by copies, lived to the end of the fold and
   * died (some 11 MB of the 100 MiB bench log's promoted bytes, a sampling heap profile that counts
   * what major collections freed).
   */
  private ordinals = new OrdinalsByCode();
  readonly restarts: Restart[] = [];
  /** The rows of the lines the timeline keeps: sessions' creations and ends. */
  private readonly lines: LineTable;
  /**
   * The stream closures, a table of their own: its rows are the closures in log order. In the
   * table of the other lines, a list of their rows was kept besides (64 KB blocks through the fold,
   * then copied to one array: 2.9 MB each at 1 GiB, 726,000 closures).
   */
  private readonly closureLines: LineTable;
  /** The live sessions (ordinals) of each instance; the instance each lives on is in its row (LoggedSession.homeCode). */
  private live = new LiveSessions();
  private liveCount = 0;
  /** session_created lines without a response to tie them to go to the latest initialize (a stack of rows; claimed ones are skipped). */
  private readonly unclaimedInitializes: number[] = [];
  /** How long the stack may grow before its claimed rows are dropped (see noteUnclaimed). */
  private unclaimedLimit = UNCLAIMED_MIN;
  private readonly strings: Interner;
  /** The request the walk is at, moved over the table's rows: the tracker keeps rows, never a record. */
  private readonly request: RequestCursor;
  /** Its response, when answered. */
  private readonly response: ResponseCursor;
  private closureCount = 0;

  /**
   * Counted samples are taken only when the server logged no count of its own. The walk trails
   * the reading, so the first logged count may be read after samples were counted: the
   * observers of the samples (`samples`) keep the two kinds apart and use the logged ones then.
   */
  private countsLogged = false;

  constructor(
    private readonly requests: RequestTable,
    private readonly samples: SampleSink,
    /** Told each session's start, end and owner as the walk finds them out (the classification's sweep). */
    private readonly facts: SessionFacts,
  ) {
    this.strings = requests.strings;
    this.request = requests.cursor();
    this.response = requests.responseCursor();
    this.lines = new LineTable(this.strings);
    this.closureLines = new LineTable(this.strings);
    this.sessions = new SessionTable(requests, this.lines, this.closureLines);
  }

  stopCounting() {
    this.countsLogged = true;
  }

  /** `row`: the request's row of the table. */
  onRequest(row: number) {
    const request = this.request.moveTo(row);
    const code = request.sessionCode;
    if (code >= 0) {
      // The request's getters (its reference a new object) are read only for a session's first
      // request, a record of the session only for a DELETE.
      let entry = this.ordinals.get(code);
      if (entry === 0) {
        this.sessionFor(code, request.seq, request.at, request.line, request.fileCode, request.instanceCode);
        entry = this.ordinals.get(code);
      }
      const ordinal = ordinalIn(entry);
      let noted = entry;
      if ((entry & OWNER_KNOWN) === 0) {
        if (!this.sessions.ownedAt(ordinal)) {
          this.sessions.ownAt(ordinal, request.clientCode);
          this.facts.owned(ordinal, NULL_CODE, request.clientCode);
        }
        noted |= OWNER_KNOWN;
      }
      if ((entry & STREAM_CLOSED) !== 0) {
        this.sessions.noteUsedAfterClosure(ordinal);
        noted &= ~STREAM_CLOSED;
      }
      if (noted !== entry) this.ordinals.set(code, noted);
      if (!request.isDelete) return;
      const session = this.sessions.sessionAt(ordinal);
      session.noteDeleteAsked();
      if (!request.hasResponse) {
        this.endSession(session, "deleted", request.seq, request.at, request.line, request.fileCode);
        this.sampleCount(request.seq, request.at, request.line, request.fileCode);
      }
    } else {
      if (code === NULL_CODE && request.isInitialize === true) this.noteUnclaimed(row);
    }
  }

  /** At the position of the request's response line; `row`: the request's row of the table. */
  onResponse(row: number) {
    const request = this.request.moveTo(row);
    const requestCode = request.sessionCode;
    // Most responses change nothing: the response's columns are read only when one does.
    if (requestCode === NULL_CODE && request.isInitialize === true && request.responseSessionCode >= 0) {
      const response = this.response.moveTo(row);
      const session = this.sessionFor(request.responseSessionCode, response.seq, response.at, response.line, response.fileCode, response.instanceCode);
      if (session.instanceCode === NULL_CODE) this.settle(session, response.instanceCode);
      if (session.createdByRow !== row) this.claim(session, request, true);
      this.sampleCount(response.seq, response.at, response.line, response.fileCode);
    }
    if (requestCode < 0) return;
    const status = request.responseStatus;
    const deleted = request.isDelete && status !== null && status >= 200 && status < 300;
    if (status !== 404 && !deleted) return;
    const session = this.sessionOf(requestCode)!;
    const response = this.response.moveTo(row);
    const { seq } = response;
    // Spec: a server that terminated a session MUST answer its id with 404 (Session Management, item 3).
    // Another instance's 404 only says it never had the session: it lives on where it was made.
    if (status === 404 && session.homeCode === response.instanceCode) this.endSession(session, "not-found", seq, response.at, response.line, response.fileCode);
    if (deleted) {
      this.endSession(session, "deleted", seq, response.at, response.line, response.fileCode);
      this.sampleCount(seq, response.at, response.line, response.fileCode);
    }
  }

  /** A session_created line; `number` is the active sessions it logged. */
  onSessionCreated(line: ServerLine) {
    const { seq, at, line: lineNumber, fileCode, instanceCode, number: activeSessions } = line;
    const session = this.sessionFor(line.sessionCode, seq, at, lineNumber, fileCode, instanceCode);
    this.settle(session, instanceCode);
    const row = this.lines.creation(seq, at, lineNumber, fileCode, activeSessions, session.ordinal);
    session.noteCreated(row);
    const latest = this.takeLatestUnclaimed();
    if (session.createdByRow === -1 && latest !== undefined) this.claim(session, this.request.moveTo(latest), false);
    // The initialize that made this session was handled by the restarted process, so the
    // restart came before that request. Read from its row: the record made per line was 1.8 MB of
    // the fold's 81 MB allocated on the 100 MiB events log (node /tmp/s19/alloc-fold.mjs).
    const by = session.createdByRow;
    this.checkLoggedCount(activeSessions, by === -1 ? seq : this.requests.seqOf(by), by === -1 ? at : this.requests.atOf(by), lineNumber, fileCode, session, line.instanceCode);
    this.sample(seq, at, lineNumber, fileCode, activeSessions);
  }

  /** A session_closed or session_removed line; `number` is the active sessions it logged. */
  onSessionEnded(line: ServerLine) {
    const { seq, at, line: lineNumber, fileCode, instanceCode, number: activeSessions } = line;
    const session = this.sessionFor(line.sessionCode, seq, at, lineNumber, fileCode, instanceCode);
    // A server logs session_closed while handling a DELETE, before the DELETE's response line.
    const kind = session.deleteAsked ? "deleted" : line.kind === "session-closed" ? "closed" : "removed";
    this.endSession(session, kind, seq, at, lineNumber, fileCode);
    this.checkLoggedCount(activeSessions, seq, at, lineNumber, fileCode, null, line.instanceCode);
    this.sample(seq, at, lineNumber, fileCode, activeSessions);
  }

  /** A client_disconnected line; `number` is the elapsed ms it logged. */
  onStreamClosed(line: ServerLine) {
    const row = this.closureLines.closure(line.seq, line.at, line.line, line.fileCode, line.sessionCode, line.number);
    // A closure of an id whose session the walk has not seen yet is none of the session's, found later.
    const code = line.sessionCode;
    const entry = code >= 0 ? this.ordinals.get(code) : 0;
    if (entry !== 0 && this.sessions.noteClosure(ordinalIn(entry), row)) this.ordinals.set(code, entry | STREAM_CLOSED);
    this.closureCount++;
  }

  /** `line` and `fileCode`: the line's number, its file's number in the timeline's strings. */
  onServerStarted(seq: number, at: number, line: number, fileCode: number, pid: number | null, instance: string | null) {
    const wiped = this.live.on(this.strings.code(instance)).map((ordinal) => this.sessions.sessionAt(ordinal));
    for (const session of wiped) this.endSession(session, "restart", seq, at, line, fileCode);
    this.restarts.push({ seq, at, ref: this.refOf(line, fileCode), evidence: "server-started", pid, reportedActive: null, explainedActive: null, wipedSessions: wiped.map((s) => s.id), instance });
    this.sampleCount(seq, at, line, fileCode);
  }

  /** As sessionOf, for the walk feed's observers: until finishWalk. */
  sessionAt(code: number): LoggedSession | null {
    return this.sessionOf(code) ?? null;
  }

  /** The session of the id numbered `code` in the timeline's strings, if one was seen. */
  private sessionOf(code: number): LoggedSession | undefined {
    const ordinal = this.ordinalOf(code);
    return ordinal !== -1 ? this.sessions.sessionAt(ordinal) : undefined;
  }

  /** The ordinal of that session, or -1. */
  private ordinalOf(code: number): number {
    return ordinalIn(this.ordinals.get(code));
  }

  /** `code` is the session id's number in the timeline's strings; `fileCode` and `instanceCode`, its file's and instance's. */
  private sessionFor(code: number, seq: number, at: number, line: number, fileCode: number, instanceCode: number): LoggedSession {
    let session = this.sessionOf(code);
    if (!session) {
      session = this.sessions.add(code, seq, at, line, fileCode, instanceCode);
      const { ordinal } = session;
      this.ordinals.set(code, (ordinal + 1) * ENTRY_ORDINAL);
      this.facts.made(ordinal, seq);
      this.live.add(instanceCode, ordinal);
      this.liveCount++;
    }
    return session;
  }

  /**
   * The instance that created a session is where it lives, wherever it was first seen. The instance
   * comes as its number in the strings, as the walk holds it: looked up again by its string, twice
   * per session_created line.
   */
  private settle(session: LoggedSession, code: number) {
    const home = session.homeCode;
    session.settleOnCode(code);
    if (home === code) return;
    const { ordinal } = session;
    if (!session.ended && this.live.delete(home, ordinal)) this.live.add(code, ordinal);
  }

  /**
   * At the end of the log, once every request was walked (in the order of their rows): each
   * session's requests (its stream closures were noted as walked), and the walk's own columns let
   * go, which it reads no more (sessions by id and the live lists; with where each session lived, since kept in its row, 9 MB at 1 GiB).
   * Held by the fold, they were under the finish's arrays; let go, the collection those arrays set
   * off frees them before the classification's.
   */
  finishWalk() {
    this.sessions.holdRequests(groupRowsBySession(this.requestSessions(), this.sessions.length));
    this.ordinals = new OrdinalsByCode();
    this.live = new LiveSessions();
    this.unclaimedInitializes.length = 0;
  }

  /**
   * Each request's session (its ordinal, -1 for none), by row: a session id has one session from
   * its first use on (sessionFor), which every request walked with the id was given, so the
   * request's id tells it at the end of the log. A list of them pushed as the walk went was 64 KB
   * blocks of 4 bytes a request held to the end of the fold (8 MB at 1 GiB), then left as holes
   * under the finish's and the report's arrays. Not so for a stream closure, whose id may have had
   * no session yet when the walk reached it: its session is noted then (onStreamClosed).
   */
  private requestSessions(): IntList {
    const { requests } = this;
    return {
      length: requests.length,
      at: (row) => {
        const code = requests.sessionCodeOf(row);
        return code < 0 ? -1 : this.ordinalOf(code);
      },
    };
  }

  /** Every stream closure, in log order: at the end of the log. */
  streamClosures(): RecordList<StreamClosure> {
    return new RowList(this.closureLines.closures, null, 0, this.closureCount);
  }

  /**
   * A line's reference comes as its number and its file's number in the strings, as the walk holds
   * them, down to the rows and the samples that keep them so: a reference was made for every
   * session line and each session's answered initialize, and the fold of the 100 MiB events log
   * allocated 79-84 MB with them, 71-72 MB without (node /tmp/s19/alloc-fold.mjs, 2 runs each).
   * Only restarts, rare, keep the object.
   */
  private endSession(session: LoggedSession, kind: SessionEndKind, seq: number, at: number, line: number, fileCode: number) {
    if (session.ended) return;
    session.noteEnd(this.lines.end(kind, seq, at, line, fileCode, session.ordinal));
    this.facts.ended(session.ordinal, seq, kind, session.ownerCode);
    if (this.live.delete(session.homeCode, session.ordinal)) this.liveCount--;
  }

  /** `byAnswer`: the request's answer claims it, else a session_created line. */
  private claim(session: LoggedSession, request: LoggedRequest, byAnswer: boolean) {
    session.noteCreatedBy(request.row);
    const from = session.ownerCode;
    session.ownedBy(request);
    this.facts.owned(session.ordinal, from, request.clientCode);
    if (request.seq < session.startSeq) {
      session.moveStart(request.seq, request.at, request.line, request.fileCode);
      this.facts.movedStart(session.ordinal, request.seq, byAnswer);
    }
    request.noteClaimed();
  }

  /**
   * A bare initialize the walk reached, for a session_created line to claim. Its response mostly
   * claims it first, and only a session_created line took claimed ones off the stack's top: the
   * stack held every initialize of a log without those lines (371,000 at 1 GiB, 2.8 MB of the
   * heap through the reading and the fold's end). Claimed rows are dropped once it has doubled
   * since the last time: takeLatestUnclaimed skips them, so whether they stay changes nothing.
   */
  private noteUnclaimed(row: number) {
    const stack = this.unclaimedInitializes;
    if (stack.length >= this.unclaimedLimit) {
      let kept = 0;
      for (let i = 0; i < stack.length; i++) if (!this.requests.isClaimedOf(stack[i]!)) stack[kept++] = stack[i]!;
      stack.length = kept;
      this.unclaimedLimit = Math.max(UNCLAIMED_MIN, 2 * kept);
    }
    stack.push(row);
  }

  private takeLatestUnclaimed(): number | undefined {
    const stack = this.unclaimedInitializes;
    while (stack.length > 0 && this.requests.isClaimedOf(stack[stack.length - 1]!)) stack.pop();
    return stack[stack.length - 1];
  }

  private sample(seq: number, at: number, line: number, fileCode: number, logged: number | null) {
    if (logged !== null) this.samples.sample(seq, at, line, fileCode, logged, "logged");
    else this.sampleCount(seq, at, line, fileCode);
  }

  private sampleCount(seq: number, at: number, line: number, fileCode: number) {
    if (!this.countsLogged) this.samples.sample(seq, at, line, fileCode, this.liveCount, "counted");
  }

  private refOf(line: number, fileCode: number): LineRef {
    return { file: this.strings.string(fileCode)!, line };
  }

  /** A server count below what the log explains means sessions vanished without a line: a restart, at log position `seq` and time `at`. */
  private checkLoggedCount(reported: number | null, seq: number, at: number, line: number, fileCode: number, keep: LoggedSession | null, instanceCode: number) {
    const explained = this.live.sizeOn(instanceCode);
    if (reported === null || reported >= explained) return;
    const wiped = this.live.on(instanceCode).filter((ordinal) => ordinal !== keep?.ordinal).map((ordinal) => this.sessions.sessionAt(ordinal));
    for (const session of wiped) this.endSession(session, "restart", seq, at, line, fileCode);
    this.restarts.push({ seq, at, ref: this.refOf(line, fileCode), evidence: "active-count-drop", pid: null, reportedActive: reported, explainedActive: explained, wipedSessions: wiped.map((s) => s.id), instance: this.strings.string(instanceCode) as string | null });
  }
}

/** The unclaimed initializes' stack is not looked through below this length (see noteUnclaimed). */
const UNCLAIMED_MIN = 1024;

/** The bit of an id's entry (SessionTracker.ordinals) set once its session is known to have an owner. */
const OWNER_KNOWN = 1;
/**
 * The bit of an id's entry set at its session's first stream closure, and cleared at the session's
 * next request, which notes the session used after it (SessionTable.noteUsedAfterClosure). The
 * hypothesis that asks it read each session's last request and first closure back after the fold,
 * out of log order: at 1 GiB, some 1,400 reads of spilled blocks.
 */
const STREAM_CLOSED = 2;
/** An entry is the ordinal plus one times this, plus its bits. */
const ENTRY_ORDINAL = 4;

/** The ordinal of an id's entry, -1 for none (0). */
function ordinalIn(entry: number): number {
  return (entry >>> 2) - 1;
}
