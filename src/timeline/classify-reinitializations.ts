import { AliveLists, ENDED, ENDED_LIVE, LISTED, LIVE, NOT_SWEPT } from "./alive-lists.js";
import { ClassifiedColumns, MAX_ALIVE_LISTED, NO_ROW, Reinitializations } from "./classified-columns.js";
import { CandidateQueue } from "./candidate-queue.js";
import { mayKeepReinitializationsOf, type TimelineFilter } from "./filter-timeline.js";
import { withRoomFor } from "../grown-column.js";
import type { RecordList, ReinitializeKind, Session, SessionEndKind } from "./model.js";
import type { LoggedSession } from "./logged-session.js";
import { NamedSessions, NamedWindow } from "./named-sessions.js";
import type { RequestCursor, RequestTable } from "./records.js";
import { isBefore, SessionEvents } from "./session-events.js";
import { SessionsAt } from "./sessions-at.js";
import { orderBySeq } from "./sort-by-seq.js";
import { UnkeptReinitializations } from "./unkept-reinitializations.js";
import type { WalkFeed } from "./walk-feed.js";

export interface Classification {
  readonly reinitializations: Reinitializations | UnkeptReinitializations;
  /** Sessions that were alive when their client lost them: started over without DELETE. */
  readonly abandonedSessions: SessionsAt;
}

/** What the session walk (SessionTracker) tells of each session as it finds it out, by the session's position. */
export interface SessionFacts {
  /** Made at log position `seq`, which is its start. */
  made(ordinal: number, seq: number): void;
  /** Its start moved back to its initialize's position, `seq`, claimed by that initialize's answer or by a session_created line. */
  movedStart(ordinal: number, seq: number, byAnswer: boolean): void;
  /** `ownerCode`: its owner's key's number then (NULL_CODE for none). */
  ended(ordinal: number, seq: number, kind: SessionEndKind, ownerCode: number): void;
  /** Owned by the client whose key is numbered `clientCode` in the timeline's strings, its first owner or another: `fromCode`'s before (NULL_CODE for none). */
  owned(ordinal: number, fromCode: number, clientCode: number): void;
}

/**
 * Decides, for every initialize sent without a session id, whether it was a session loss:
 * the client still had a session alive on the server (not deleted, closed, wiped by a
 * restart or answered 404). A new initialize after any of those is what the spec asks for
 * (MCP 2025-06-18, Transports › Session Management, items 3–4).
 *
 * Decided as the log is read, a sweep in log order some lags behind the walk (classifyBefore)
 * over the initializes, the sessions' starts and their ends: an initialize sees its client's
 * sessions started before it and not ended at or before it, and the way the client's latest
 * ended one ended. The walk finds out some facts behind its position: a start moved back to the
 * initialize an answer or a session_created line claims, an end at a restart inferred from a
 * logged count, an owner first noted by a later request. Those in front of the sweep are swept in
 * their order (SessionEvents); one behind it that would have changed what it decided is a late fact
 * (Tallies.lateFacts), as an answer logged too late is for the observers. Decided at the log's end
 * client by client, over every client's requests and every session's start and end read into
 * columns, the classification made 8 MB of them at the fold's end at 1 GiB, where the run's peak
 * was, and read the requests' rows after the fold.
 */
export class ReinitializationSweep implements SessionFacts {
  private readonly lists = new AliveLists();
  private readonly classified: ClassifiedColumns;
  /**
   * The starts as the walk makes the sessions, and those moved back to an initialize, each mostly in
   * log order: in one queue, the moved ones fell behind the made ones and went to its heap, and its
   * pops were 75 ms of the main thread at 1 GiB (node --cpu-prof; 371,304 moved starts).
   */
  private readonly starts = new SessionEvents();
  private readonly movedStarts = new SessionEvents();
  private readonly ends = new SessionEvents();
  private readonly candidates = new CandidateQueue();
  /** By client: how its latest ended session ended (a position in AFTER_END, "first" for none), where and which. */
  private lastEndKind = new Uint8Array(256);
  private lastEndSeq = new Float64Array(256).fill(-Infinity);
  private lastEndOrdinal = new Int32Array(256);
  /** By client: the position of its latest initialize swept, -1 for none: a fact behind it may have changed what was decided. */
  private lastInitializeSeq = new Float64Array(256).fill(-1);
  /** Sessions owned anew after their end was told and before it was swept, by position: their new owner. */
  private readonly ownersSinceEnd = new Map<number, number>();
  /** Everything before this log position was swept. */
  private sweptBefore = -Infinity;
  private readonly request: RequestCursor;
  /** The walk's sessions, as it makes them (SessionTracker.sessions). */
  private sessions: RecordList<LoggedSession> = [];
  /** The names the losses keep, as the observers are shown them while the sweep goes (named); a loss not kept's, in the lists' scratch. */
  private liveNames = new NamedSessions([]);
  private scratchNames = new NamedSessions([]);
  private readonly named = new NamedWindow();
  /** How many re-initializes were classified: the next one's position in the timeline's list, kept or not. */
  private classifiedCount = 0;
  /** Whether a client's re-initializes may be kept (keptFor), by its key; null: every one. */
  private readonly mayKeep: ((key: string | null) => boolean) | null;
  /** By client: 1 if its re-initializes are written into the columns. */
  private writes = new Uint8Array(256);
  /**
   * By client: its latest loss told with a window of the pool (NamedWindow.namedBefore), where the
   * window started and ended, where the client's region started then (-1 for none) and how many
   * times its list had been written anew (AliveLists.rewrites).
   */
  private windowBase = new Int32Array(256).fill(-1);
  private windowStart = new Int32Array(256);
  private windowEnd = new Int32Array(256);
  private windowRewrites = new Int32Array(256);

  constructor(
    private readonly table: RequestTable,
    /** Where late facts are counted and the observers told (its tallies). */
    private readonly feed: WalkFeed,
    /**
     * Keep (write into columns) only the re-initializes this filter may keep (filterTimeline): none
     * without one. Null: every one, the timeline's list whole.
     */
    private readonly keptFor: TimelineFilter | null = null,
  ) {
    this.classified = new ClassifiedColumns(table);
    this.request = table.cursor();
    this.mayKeep = keptFor === null ? null : mayKeepReinitializationsOf(keptFor);
  }

  watch(sessions: RecordList<LoggedSession>) {
    this.sessions = sessions;
    this.liveNames = new NamedSessions(sessions);
    this.liveNames.shared = this.lists.pool;
    this.liveNames.own = this.lists.own;
    this.scratchNames = new NamedSessions(sessions);
    this.scratchNames.shared = this.lists.pool;
    this.scratchNames.own = this.lists.scratch;
  }

  /**
   * The fold's client at `index` is keyed by the string numbered `code`: the observers' position of
   * the client (Tallies.noteClient) is the same, both given in the order the fold meets them.
   */
  noteClient(code: number, index: number) {
    this.feed.tallies.noteClient(code);
    this.lists.noteClient(index);
    if (index >= this.lastEndKind.length) {
      this.lastEndKind = withRoomFor(this.lastEndKind, index);
      this.lastEndSeq = withRoomFor(this.lastEndSeq, index, -Infinity);
      this.lastEndOrdinal = withRoomFor(this.lastEndOrdinal, index);
      this.lastInitializeSeq = withRoomFor(this.lastInitializeSeq, index, -1);
      this.writes = withRoomFor(this.writes, index);
      this.windowBase = withRoomFor(this.windowBase, index, -1);
      this.windowStart = withRoomFor(this.windowStart, index);
      this.windowEnd = withRoomFor(this.windowEnd, index);
      this.windowRewrites = withRoomFor(this.windowRewrites, index);
    }
    this.writes[index] = this.mayKeep === null || this.mayKeep(this.table.strings.string(code) ?? null) ? 1 : 0;
  }

  /**
   * A request sent without a session id and not known to be something else, at its row, from the
   * fold's client `client`, whose request before was at `previous` (or NO_ROW): in log order.
   */
  noteCandidate(row: number, client: number, previous: number) {
    this.candidates.push(row, client, previous);
  }

  made(ordinal: number, seq: number) {
    this.lists.noteSession(ordinal);
    this.starts.push(seq, ordinal);
  }

  movedStart(ordinal: number, seq: number, byAnswer: boolean) {
    if (seq < this.sweptBefore) {
      const c = this.ownerOf(ordinal);
      if (c >= 0 && (this.lastInitializeSeq[c]! > seq || this.listsStartAfter(c, seq, ordinal))) this.feed.noteLateClaim(seq, byAnswer);
    }
    this.movedStarts.push(seq, ordinal);
  }

  ended(ordinal: number, seq: number, kind: SessionEndKind, ownerCode: number) {
    // One behind the sweep lies at a restart, which the feed counts (tellRestarts). The kind rides
    // with the session's position and the owner with the end: read from the session when swept,
    // each was a cache miss or two, as the walk has just read the session.
    this.ends.push(seq, ordinal * 4 + afterEndOf(kind), this.feed.tallies.positionOfKnown(ownerCode));
  }

  owned(ordinal: number, fromCode: number, clientCode: number) {
    const { lists } = this;
    const state = lists.stateOf(ordinal);
    if (fromCode === clientCode) return;
    // Mostly owned as the walk meets it: not swept yet, not ended, nothing to do.
    const pendingEnd = state !== ENDED && state !== ENDED_LIVE && this.sessions.at(ordinal)!.ended;
    if (state === NOT_SWEPT && !pendingEnd) return;
    const c = this.feed.tallies.positionOfKnown(clientCode);
    // An end waiting to be swept carries the owner it had.
    if (pendingEnd) this.ownersSinceEnd.set(ordinal, c);
    if (state === NOT_SWEPT) return;
    const old = this.feed.tallies.positionOfKnown(fromCode);
    const session = this.sessions.at(ordinal)!;
    const start = session.startSeq;
    let late: boolean;
    if (state === LISTED || state === LIVE) {
      late = (old >= 0 && this.lastInitializeSeq[old]! > start) || (c >= 0 && (this.lastInitializeSeq[c]! > start || this.listsStartAfter(c, start, ordinal)));
      if (old >= 0) lists.remove(old, ordinal);
      if (c >= 0) lists.append(c, ordinal);
    } else {
      const since = Math.min(start, session.endSeq);
      late = (old >= 0 && (this.lastEndOrdinal[old] === ordinal || this.lastInitializeSeq[old]! > since)) || (c >= 0 && this.lastInitializeSeq[c]! > since);
      if (c >= 0) this.noteEnd(c, ordinal, session.endSeq, afterEndOf(session.endKind));
    }
    if (late) this.feed.noteLateOwner();
  }

  /** Sweeps the starts, ends and initializes before log position `limit`, in log order: an end before an initialize at its position, a start after it. */
  classifyBefore(limit: number) {
    const { table, starts, movedStarts, ends, candidates } = this;
    let candidateSeq = candidates.length > 0 ? table.seqOf(candidates.row()) : Infinity;
    for (;;) {
      const endSeq = ends.peekKey();
      const startSeq = Math.min(starts.peekKey(), movedStarts.peekKey());
      const next = Math.min(endSeq, startSeq);
      if (next < candidateSeq || (endSeq === candidateSeq && endSeq !== Infinity)) {
        if (next >= limit) break;
        if (endSeq <= startSeq) this.sweepEnd();
        else this.sweepStart();
      } else {
        if (candidateSeq >= limit) break;
        this.classify(candidates.row(), candidates.client(), candidates.previous());
        candidates.shift();
        candidateSeq = candidates.length > 0 ? table.seqOf(candidates.row()) : Infinity;
      }
    }
    if (limit > this.sweptBefore) this.sweptBefore = limit;
  }

  /** Once everything was swept; `sessions`, the timeline's. */
  done(sessions: RecordList<Session>): Classification {
    const { lists } = this;
    const names = new NamedSessions(sessions);
    names.shared = lists.pool;
    names.own = lists.own;
    const written = this.classified.length === 0 ? Reinitializations.NONE : this.classified.done(names);
    const reinitializations = this.keptFor === null ? written : new UnkeptReinitializations(written, this.keptFor);
    const abandoned = abandonedOf(lists, sessions as RecordList<LoggedSession>);
    return { reinitializations, abandonedSessions: abandoned.length === 0 ? SessionsAt.NONE : new SessionsAt(sessions, abandoned) };
  }

  private sweepStart() {
    const { lists } = this;
    const starts = this.movedFirst() ? this.movedStarts : this.starts;
    const p = starts.peekOrdinal();
    starts.pop();
    // A start moved back leaves its first place behind, swept as nothing: the later of the two, the
    // earlier having listed the session (or its end having been swept).
    if (lists.stateOf(p) !== NOT_SWEPT) return;
    lists.setState(p, LISTED);
    const c = this.ownerOf(p);
    if (c >= 0) lists.append(c, p);
  }

  private sweepEnd() {
    const { ends, lists } = this;
    const seq = ends.peekKey();
    const p = ends.peekOrdinal() >>> 2;
    const kind = ends.peekOrdinal() & 3;
    let c = ends.peekPayload();
    ends.pop();
    if (this.ownersSinceEnd.size > 0 && this.ownersSinceEnd.has(p)) {
      c = this.ownersSinceEnd.get(p)!;
      this.ownersSinceEnd.delete(p);
    }
    const state = lists.stateOf(p);
    // A session is in its owner's list (owned moves it), or none.
    if ((state === LISTED || state === LIVE) && c >= 0) lists.end(c, p);
    // Else never listed, or ended at or before its start (a restart placed at an earlier initialize): never alive.
    else lists.setState(p, ENDED);
    if (c >= 0) this.noteEnd(c, p, seq, kind);
  }

  /** Whether the least start waiting is a moved one's: by position, then the sessions' order, as one queue of both pops them. */
  private movedFirst(): boolean {
    const { starts, movedStarts } = this;
    if (movedStarts.length === 0) return false;
    if (starts.length === 0) return true;
    return isBefore(movedStarts.peekKey(), movedStarts.peekOrdinal(), starts.peekKey(), starts.peekOrdinal());
  }

  /**
   * Client c's session p ended at `seq`, what an initialize after it is being AFTER_END[kind]: the
   * latest of c's, by position and then the sessions' order, says what a new initialize is.
   */
  private noteEnd(c: number, p: number, seq: number, kind: number) {
    if (seq < this.lastEndSeq[c]! || (seq === this.lastEndSeq[c] && p < this.lastEndOrdinal[c]!)) return;
    this.lastEndSeq[c] = seq;
    this.lastEndOrdinal[c] = p;
    this.lastEndKind[c] = kind;
  }

  private classify(row: number, c: number, previous: number) {
    const { table, lists } = this;
    if (!table.isInitializeOf(row)) return;
    lists.markLive(c);
    this.lastInitializeSeq[c] = table.seqOf(row);
    const index = this.classifiedCount++;
    const writes = this.writes[c] === 1;
    const aliveCount = lists.size[c]!;
    let kind: ReinitializeKind;
    let end = 0;
    if (aliveCount > 0) {
      kind = "loss";
      end = lists.nameNewest(c, writes);
      if (writes) this.classified.addLoss(row, previous, aliveCount, end);
    } else {
      kind = AFTER_END[this.lastEndKind[c]!]!;
      if (writes) this.classified.addInitialize(row, previous, kind);
    }
    const { tallies } = this.feed;
    if (!tallies.observesReinitializations) return;
    const idleGapMs = previous === NO_ROW ? null : table.atOf(row) - table.atOf(previous);
    let named = this.named.clear();
    if (aliveCount > 0) {
      const count = Math.min(aliveCount, MAX_ALIVE_LISTED);
      named = this.named.show(writes ? this.liveNames : this.scratchNames, end, count);
      if (end >= 0) this.noteWindow(c, end - count, end);
    }
    tallies.tellReinitialization(this.request.moveTo(row), kind, aliveCount, idleGapMs, index, named);
  }

  /**
   * Client c's loss being told names the pool's sessions from `start` up to `end`: those its latest
   * loss told named too are marked so (NamedWindow.namedBefore), the same sessions while its region
   * is the same and its list was not written anew in place (AliveLists.rewrites: only to shed
   * sessions; a list moved to a new region, at the pool's end, has another start). At 1 GiB a
   * loss names 10 sessions on average, and all but its client's newest were named by its client's
   * loss before.
   */
  private noteWindow(c: number, start: number, end: number) {
    const base = this.lists.base[c]!;
    const rewrites = this.lists.rewrites[c]!;
    if (this.windowBase[c] === base && this.windowRewrites[c] === rewrites) {
      const from = Math.max(start, this.windowStart[c]!);
      const to = Math.min(end, this.windowEnd[c]!);
      if (from < to) this.named.namedBefore(from - start, to - start);
    }
    this.windowBase[c] = base;
    this.windowStart[c] = start;
    this.windowEnd[c] = end;
    this.windowRewrites[c] = rewrites;
  }

  /** The fold's position of the session's owner, -1 for none. */
  private ownerOf(p: number): number {
    return this.feed.tallies.positionOfKnown(this.sessions.at(p)!.ownerCode);
  }

  /** Whether c lists an alive session, other than `except`, that started after `seq`: one listed now with that start would be out of order. */
  private listsStartAfter(c: number, seq: number, except: number): boolean {
    const { lists } = this;
    for (let i = lists.length[c]! - 1; i >= lists.base[c]!; i--) {
      const p = lists.pool.get(i);
      if (p !== except && lists.isAlive(p) && this.sessions.at(p)!.startSeq > seq) return true;
    }
    return false;
  }
}

/**
 * The abandoned sessions (marked LIVE at an initialize of their client, ended since or not), in the
 * order of their start, equal ones in the sessions' order: read back from the marks in the sessions'
 * order, which is their start's in a log read in order, so that they lie near each other for
 * SessionsAt's two bytes each.
 */
function abandonedOf(lists: AliveLists, sessions: RecordList<LoggedSession>): Int32Array {
  let count = 0;
  const n = Math.min(lists.sessionCount, sessions.length);
  const isAbandoned = (p: number) => lists.stateOf(p) === LIVE || lists.stateOf(p) === ENDED_LIVE;
  for (let p = 0; p < n; p++) if (isAbandoned(p)) count++;
  const abandoned = new Int32Array(count);
  let ordered = true;
  let last = -Infinity;
  for (let p = 0, k = 0; p < n; p++) {
    if (!isAbandoned(p)) continue;
    abandoned[k++] = p;
    const start = sessions.at(p)!.startSeq;
    if (start < last) ordered = false;
    last = start;
  }
  if (ordered) return abandoned;
  const order = orderBySeq(count, (k) => sessions.at(abandoned[k]!)!.startSeq);
  for (let k = 0; k < count; k++) order[k] = abandoned[order[k]!]!;
  return order;
}

const AFTER_END: readonly Exclude<ReinitializeKind, "loss">[] = ["first", "after-restart", "after-not-found", "after-end"];

/**
 * `lastEnded`: how the client's session that ended last had ended, null when none had: what an
 * initialize after it is, as its place in AFTER_END (the kind's name looked up there at each end was
 * a search of the list).
 */
function afterEndOf(lastEnded: SessionEndKind | null): number {
  if (lastEnded === null) return 0;
  switch (lastEnded) {
    case "restart":
      return 1;
    case "not-found":
      return 2;
    default:
      return 3;
  }
}
