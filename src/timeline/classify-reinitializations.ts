import { ClassifiedColumns, MAX_ALIVE_LISTED, NO_ROW, Reinitializations } from "./classified-columns.js";
import type { Client, ReinitializeKind, Session, SessionEndKind } from "./model.js";
import { positionOfKeyCode, positionsByKeyCode } from "./client-index.js";
import type { LoggedSession } from "./logged-session.js";
import { NamedSessions } from "./named-sessions.js";
import { rowsOf } from "./rows.js";
import { SessionsAt } from "./sessions-at.js";
import { orderBySeq } from "./sort-by-seq.js";

/**
 * The requests that were or may turn out to be initializes sent without a session id (a response
 * can show one was), noted by the fold as positions in their client's request list: the request
 * before each gives the idle gap. Numbers, not an object per request, so the fold keeps none. Every
 * client's side by side, in the clients' order: client c's are `positions` from `from[c]` up to
 * `from[c + 1]`. As a list of numbers per client and a Map of them by client key, they were 7 MB
 * of the heap at 1 GiB (371,000 candidates, 28,000 clients), on the fold's end.
 */
export interface InitializeCandidates {
  readonly from: Int32Array;
  readonly positions: Int32Array;
  /**
   * Each one's place among all of them in log order (the order noted): where the walk writes what it
   * decides, so that the re-initializes come out in log order without being sorted and put in order
   * after (ClassifiedColumns), which took an order and a radix sort's second column, 3 MB at 1 GiB.
   */
  readonly ranks: Int32Array;
}

export interface Classification {
  readonly reinitializations: Reinitializations;
  /** Sessions that were alive when their client lost them: started over without DELETE. */
  readonly abandonedSessions: SessionsAt;
}

/**
 * Decides, for every initialize sent without a session id, whether it was a session loss:
 * the client still had a session alive on the server (not deleted, closed, wiped by a
 * restart or answered 404). A new initialize after any of those is what the spec asks for
 * (MCP 2025-06-18, Transports › Session Management, items 3–4).
 *
 * One walk per client with the set of its live sessions, so a client that never deletes
 * its thousands of sessions costs time in proportion to them, not to their square. The walk
 * stops only at the client's candidates (`candidates`, by the client's position): the set it holds
 * at one is the same whether or not it stopped at the requests between, and a busy log has some six
 * requests for each candidate. Every log position in the timeline is below `eventCount`.
 */
export function classifyReinitializations(clients: readonly Client[], sessions: readonly Session[], candidates: InitializeCandidates, eventCount: number): Classification {
  const candidateCount = candidates.positions.length;
  if (candidateCount === 0) return { reinitializations: Reinitializations.NONE, abandonedSessions: SessionsAt.NONE };
  // Every client's requests are rows of the timeline's one table. The columns, which the timeline
  // keeps, come before the facts and the walk's arrays, which it drops: made after them, they lay
  // above them in glibc's heap, which could then not give back the 17 MB those left at 1 GiB.
  const classified = new ClassifiedColumns(candidateCount, rowsOf(clients[0]!.requests).table);
  const facts = new SessionFacts(clients, sessions as readonly LoggedSession[], eventCount);
  const live = new Uint8Array(sessions.length);
  const names = new NamedSessions(sessions);
  const alive = new AliveSessions(live, names);
  const { from, positions, ranks } = candidates;
  for (let c = 0; c < clients.length; c++) {
    const client = clients[c]!;
    if (from[c] === from[c + 1]) continue;
    const startFrom = facts.from[c]!;
    const startTo = facts.from[c + 1]!;
    const endTo = facts.endFrom[c + 1]!;
    alive.clear();
    let started = startFrom;
    let ended = facts.endFrom[c]!;
    let lastEnded = -1;
    // Read by row, not through a record made per candidate: its getter (isInitialize, not inlined
    // here) was 1.3% of the main thread's samples at 1 GiB.
    const requests = rowsOf(client.requests);
    const { table } = requests;
    for (let k = from[c]!; k < from[c + 1]!; k++) {
      const position = positions[k]!;
      const row = requests.row(position);
      if (!table.isInitializeOf(row)) continue;
      const seq = table.seqOf(row);
      while (started < startTo && facts.startSeq[facts.byStart[started]!]! < seq) {
        const p = facts.byStart[started++]!;
        // Alive at the client's first initialize since its start, which is therefore a loss: the
        // client started over without it.
        if (facts.endSeq[p]! > seq) alive.add(p);
      }
      while (ended < endTo && facts.endSeq[facts.byEnd[ended]!]! <= seq) {
        lastEnded = facts.byEnd[ended++]!;
        alive.delete(lastEnded);
      }
      const previous = position === 0 ? NO_ROW : requests.row(position - 1);
      if (alive.size > 0) alive.noteLoss(classified, ranks[k]!, row, previous);
      else classified.addInitialize(ranks[k]!, row, previous, lastEnded === -1 ? "first" : AFTER_END[facts.afterEnd[lastEnded]!]!);
    }
  }
  return { reinitializations: classified.done(names), abandonedSessions: new SessionsAt(sessions, abandonedOf(facts, live, alive.added)) };
}

/**
 * The sessions the walk added to a client's live ones (marked in `live`), `count` of them, in the
 * order of their start, equal ones in the sessions' order: each client's in the order the walk
 * added them. Read back from the marks, not noted as the walk went into a column with room for
 * every session, which was 1.4 MB more, then cut to its length by a copy, at the fold's end at
 * 1 GiB; in the sessions' order, which is their start's in a log read in order, not client by
 * client, so that they lie near each other for SessionsAt's two bytes each.
 */
function abandonedOf(facts: SessionFacts, live: Uint8Array, count: number): Int32Array {
  const abandoned = new Int32Array(count);
  for (let p = 0, k = 0; k < count; p++) if (live[p] !== NEVER_LIVE) abandoned[k++] = p;
  if (facts.startOrdered) return abandoned;
  const { startSeq } = facts;
  const order = orderBySeq(count, (k) => startSeq[abandoned[k]!]!);
  for (let k = 0; k < count; k++) order[k] = abandoned[order[k]!]!;
  return order;
}

/**
 * What the walk reads of every session, read once in the sessions' order into columns by the
 * session's position. Read client by client, as the walk goes, each session was a new place: at
 * 1 GiB a cache miss or more per read (its start, its end line's position, its id hashed into a
 * Set), and the walk took 1.3 s. Each client's sessions are listed side by side, in the order of
 * their start (`byStart`, client c's from `from[c]` to `from[c + 1]` - 1) and its ended ones in
 * the order of their end (`byEnd`, from `endFrom[c]`), equal ones in the sessions' order: all
 * sessions sorted once by start and dealt to their clients; each client's ended ones taken from
 * its start order and sorted where they lie, only where out of order. Sorted client by client
 * (28,000 at 1 GiB) as lists, the clients' lists and sorts made the classification allocate 66 MB
 * of heap there, 56 then (a sampling heap profile counting collected objects), garbage on the
 * fold's end, which is as high as the run's peak.
 */
class SessionFacts {
  /**
   * Log positions, 4 bytes each while every one is below NOT_ENDED, which stands for a session that
   * did not end (else 8, Infinity standing for it: a log of some 4 billion events). As doubles
   * always, the two were 3 MB more at 1 GiB, on the fold's end.
   */
  readonly startSeq: Uint32Array | Float64Array;
  /** After every position for a session that did not end. */
  readonly endSeq: Uint32Array | Float64Array;
  /**
   * What an initialize after the session's end is (kindAfterEnd of its end), a position in
   * AFTER_END: a byte, not a pointer per session (2.6 MB more at 1 GiB, at the fold's end).
   */
  readonly afterEnd: Uint8Array;
  /** Whether the sessions' order is their start's. */
  readonly startOrdered: boolean;
  readonly byStart: Int32Array;
  readonly from: Int32Array;
  readonly byEnd: Int32Array;
  readonly endFrom: Int32Array;

  constructor(clients: readonly Client[], sessions: readonly LoggedSession[], eventCount: number) {
    const n = sessions.length;
    const narrow = eventCount < NOT_ENDED;
    const notEnded = narrow ? NOT_ENDED : Infinity;
    this.startSeq = narrow ? new Uint32Array(n) : new Float64Array(n);
    this.endSeq = narrow ? new Uint32Array(n) : new Float64Array(n);
    this.afterEnd = new Uint8Array(n);
    const ownerAt = new Int32Array(n);
    const positions = positionsByKeyCode(clients);
    this.from = new Int32Array(clients.length + 1);
    this.endFrom = new Int32Array(clients.length + 1);
    let endedCount = 0;
    for (let i = 0; i < n; i++) {
      const session = sessions[i]!;
      const ended = session.endSeq !== Infinity;
      this.startSeq[i] = session.startSeq;
      this.endSeq[i] = ended ? session.endSeq : notEnded;
      this.afterEnd[i] = AFTER_END.indexOf(kindAfterEnd(session.endKind));
      const c = positionOfKeyCode(positions, session.ownerCode);
      ownerAt[i] = c;
      if (c < 0) continue;
      this.from[c + 1]!++;
      if (ended) {
        this.endFrom[c + 1]!++;
        endedCount++;
      }
    }
    for (let c = 0; c < clients.length; c++) {
      this.from[c + 1]! += this.from[c]!;
      this.endFrom[c + 1]! += this.endFrom[c]!;
    }
    const startSeq = this.startSeq;
    this.startOrdered = isAscending(startSeq);
    this.byStart = dealToOwners(this.startOrdered ? null : orderBySeq(n, (i) => startSeq[i]!), ownerAt, this.from);
    // Written over the owners, read no more: ordered by end as all of them and dealt to their
    // clients, the ended sessions took a list of them, a radix sort's three columns and the dealt
    // one, 7 MB more at the fold's end at 1 GiB (358,000 ended), where the run's peak can be.
    this.byEnd = ownerAt.subarray(0, endedCount);
    this.orderEndsByClient(notEnded);
  }

  /**
   * Each client's ended sessions (from its start order) into byEnd, in the order of their end, equal
   * ones in the sessions' order.
   */
  private orderEndsByClient(notEnded: number) {
    const { byStart, byEnd, endSeq } = this;
    const byEndThenPosition = (a: number, b: number) => endSeq[a]! - endSeq[b]! || a - b;
    for (let c = 0; c + 1 < this.from.length; c++) {
      const to = this.endFrom[c + 1]!;
      let k = this.endFrom[c]!;
      let inOrder = true;
      for (let s = this.from[c]!; s < this.from[c + 1]!; s++) {
        const p = byStart[s]!;
        if (endSeq[p] === notEnded) continue;
        if (k > this.endFrom[c]! && byEndThenPosition(byEnd[k - 1]!, p) > 0) inOrder = false;
        byEnd[k++] = p;
      }
      if (!inOrder) byEnd.subarray(this.endFrom[c]!, to).sort(byEndThenPosition);
    }
  }
}

/** Whether each position is at least the one before (see isAscending in is-ascending.ts, which takes doubles). */
function isAscending(seqs: Uint32Array | Float64Array): boolean {
  for (let i = 1; i < seqs.length; i++) if (!(seqs[i]! >= seqs[i - 1]!)) return false;
  return true;
}

/** The end position of a session that did not end, while every position is below it (SessionFacts). */
const NOT_ENDED = 0xffffffff;

/**
 * The sessions of `order` (positions; null: all, in their order) dealt to their owners' ranges
 * (`from`), each range in that order; unowned ones left out.
 */
function dealToOwners(order: Int32Array | null, ownerAt: Int32Array, from: Int32Array): Int32Array {
  const dealt = new Int32Array(from[from.length - 1]!);
  const next = from.slice(0, from.length - 1);
  const n = order === null ? ownerAt.length : order.length;
  for (let k = 0; k < n; k++) {
    const p = order === null ? k : order[k]!;
    const c = ownerAt[p]!;
    if (c >= 0) dealt[next[c]!++] = p;
  }
  return dealt;
}

/**
 * A client's sessions alive at the request being classified, in the order they started. A client
 * that never deletes can have thousands alive, and each loss names the newest few: they are read
 * from the end of the start order, skipping the ended ones, instead of walking every live one.
 * Sessions are their positions in the timeline's sessions: whether one is alive is a byte of
 * `live` (shared by every client's walk: a session has one owner), not its id hashed in a Set.
 * The start order is written where the losses name sessions (NamedSessions' shared column): a loss
 * names a window of it. As a list of its own per client, grown by push and made anew at each
 * compaction, it was some 10 of the 45 MB the classification allocated on the heap at 1 GiB (a
 * sampling heap profile counting collected objects), garbage on the fold's end.
 */
class AliveSessions {
  size = 0;
  /** How many were ever added: each session at most once (it is one client's, whose walk adds it at its start). */
  added = 0;
  /** Where the start order begins in the shared column, which it fills to the end; ended ones stay until a compaction drops them. */
  private base = 0;
  /** The end of the latest window a loss named in the shared column: what lies before it is not to change. */
  private named = 0;

  constructor(
    private readonly live: Uint8Array,
    private readonly names: NamedSessions,
  ) {}

  /** Empty, for the next client's walk (whose sessions are all not live). */
  clear() {
    this.size = 0;
    // What the client before wrote past the windows its losses named is no loss's: written over.
    this.base = this.names.sharedLength = Math.max(this.base, this.named);
  }

  add(p: number) {
    this.live[p] = LIVE;
    this.size++;
    this.added++;
    this.names.pushShared(p);
  }

  /** A session may end before the walk reached its start: then it was never added. */
  delete(p: number) {
    if (this.live[p] !== LIVE) return;
    this.live[p] = ENDED;
    this.size--;
    const { names } = this;
    const length = names.sharedLength - this.base;
    if (length > 64 && length > 2 * this.size) {
      // In place, unless a loss named a window of the order: then it is written anew after it.
      const from = this.base;
      const to = names.sharedLength;
      if (this.named > from) {
        names.makeRoomInShared(this.size);
        this.base = to;
      }
      const { live } = this;
      const shared = names.shared;
      let kept = this.base;
      for (let i = from; i < to; i++) if (live[shared[i]!] === LIVE) shared[kept++] = shared[i]!;
      names.sharedLength = kept;
    }
  }

  /**
   * A loss naming the newest MAX_ALIVE_LISTED live sessions, oldest first: a window of the start
   * order when no ended session lies among them, else written into the own column (7% of the bench
   * log's losses). `at`: its place in log order among the candidates; `row`: the request's row of
   * the timeline's requests; `previous`, its client's request's before it.
   */
  noteLoss(classified: ClassifiedColumns, at: number, row: number, previous: number) {
    const { live, names } = this;
    const shared = names.shared;
    const count = Math.min(this.size, MAX_ALIVE_LISTED);
    let end = names.sharedLength;
    while (live[shared[end - 1]!] !== LIVE) end--;
    let found = 0;
    let i = end;
    while (found < count && i > this.base && live[shared[i - 1]!] === LIVE) {
      i--;
      found++;
    }
    if (found === count) {
      classified.addLoss(at, row, previous, this.size, end);
      if (end > this.named) this.named = end;
      return;
    }
    // `count` live ones are in the order: they are written from the end of their places.
    const start = names.addOwn(count);
    const own = names.own;
    let left = count;
    for (let i = names.sharedLength - 1; left > 0; i--) if (live[shared[i]!] === LIVE) own[start + --left] = shared[i]!;
    classified.addLoss(at, row, previous, this.size, ~(start + count));
  }
}

/** A session's state in `live`: never added to its client's live ones, live, or added and ended since (then abandoned all the same). */
const NEVER_LIVE = 0;
const LIVE = 1;
const ENDED = 2;

const AFTER_END: readonly Exclude<ReinitializeKind, "loss">[] = ["first", "after-restart", "after-not-found", "after-end"];

/** `lastEnded`: how the client's session that ended last had ended, null when none had. */
function kindAfterEnd(lastEnded: SessionEndKind | null): Exclude<ReinitializeKind, "loss"> {
  if (lastEnded === null) return "first";
  switch (lastEnded) {
    case "restart":
      return "after-restart";
    case "not-found":
      return "after-not-found";
    default:
      return "after-end";
  }
}
