import type { AliveNames } from "../timeline/classified-columns.js";
import { orderUnlessAscending } from "../timeline/is-ascending.js";
import { NULL_CODE } from "../timeline/interner.js";
import { withRoomFor } from "../timeline/grown-column.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { Session, Timeline } from "../timeline/model.js";
import type { RequestTable } from "../timeline/records.js";
import { countOf, NO_ROWS, startOf, type GroupedRows } from "../timeline/group-by-session.js";
import { requestRows } from "../timeline/rows.js";
import { sessionsById, type SessionsById } from "../timeline/sessions-by-id.js";

/** How many ended sessions a search for a loss's alive sessions passes before it looks it up by id instead (sessionsById). */
const MAX_SKIPPED = 64;

/**
 * Every session's facts as flat columns of numbers, each owner's sessions side by side in start
 * order (sessions without an owner last). A 1 GiB log asks for the last use of a session before a
 * loss 3.2 million times (every alive session at every loss, a client's newest ones): a Map from
 * id to session and a binary search per ask took a second there, and building the Map as long
 * again; side by side, one client's asks fall on a few cache lines. A use is its row of the
 * RequestTable, its time read from there when asked: the table's rows are in log order, so a use
 * is before a loss when its row is. The uses are read where the timeline keeps them, every
 * session's rows side by side (LoggedSession.requestGrouping): copied in the owners' order, they were
 * 6.3 MB at 1 GiB and the longest part of making this. Copies of each use's position and time
 * (16 bytes a use, 32 MB at 1 GiB, garbage the report's start then held) cost as many reads of the
 * table as the times read now.
 */
export class SessionUses {
  /** Position p holds the session sessions[sessionAt[p]]. */
  readonly sessionAt: Int32Array;
  readonly startAt: Float64Array;
  readonly startSeq: Float64Array;
  /** The sessions (places in the timeline's) in the order of their starts, as the alive lists are; null when the timeline lists them so. */
  readonly byStart: Int32Array | null;
  /** An owner's sessions (by its key's number) are positions ownedFrom.get(owner) to the next owner's first. */
  private readonly ownedFrom = new Map<number, { from: number; to: number }>();
  /**
   * Log positions, in four bytes while they fit (as the session table keeps them): a session's
   * start by position, which the walks read where startSeq is by place (3 MB at 1 GiB as a
   * Float64Array).
   */
  private readonly positionStartSeq: Uint32Array | Float64Array;
  private readonly sessions: readonly Session[];
  private readonly table: RequestTable;
  private readonly rows: Int32Array;
  /**
   * Each session's uses are read where the timeline groups them (LoggedSession.requestGrouping),
   * by its ordinal: the timeline's sessions are in the order of their ordinals, a filtered
   * timeline's are some of them (`ordinals`, null when they are all). Copies of each session's
   * first and end by place were 3 MB at 1 GiB.
   */
  private readonly grouped: GroupedRows;
  private readonly ordinals: Int32Array | null;
  /**
   * Where lastUseBefore stopped, per session (places in `rows` less its first): the losses ask in
   * log order, so it walks on from there. `latest`: the use (less its first, plus one) of the
   * latest `at` before `reached`, 0 for the session's start (the log orders by seq, and times can
   * step back). Two bytes each while no session has 65,535 uses or more, where a copy of first
   * and of startAt took 12 (4.5 MB at 1 GiB).
   */
  private readonly reached: Uint16Array | Int32Array;
  private readonly latest: Uint16Array | Int32Array;
  private byId: SessionsById | null = null;
  /** The inverse of sessionAt, made when a session is first looked up by id (positionOf). */
  private positionAt: Int32Array | null = null;
  private readonly timeline: Timeline;

  constructor(timeline: Timeline) {
    const { sessions } = timeline;
    this.sessions = sessions;
    this.timeline = timeline;
    this.table = requestRows(timeline).table;
    const n = sessions.length;
    this.sessionAt = new Int32Array(n);
    this.startAt = new Float64Array(n);
    this.startSeq = new Float64Array(n);
    // One pass over the sessions in the timeline's order: each session is a pointer away, and read
    // by owner, every session was a new place.
    const owners = new Int32Array(n);
    let mostUses = 0;
    let ordered = true;
    for (let i = 0; i < n; i++) {
      const session = sessions[i] as LoggedSession;
      this.startSeq[i] = session.startSeq;
      owners[i] = session.ownerCode;
      this.startAt[i] = session.startAt;
      mostUses = Math.max(mostUses, session.requestCount);
      ordered &&= session.ordinal === i;
    }
    this.ordinals = ordered ? null : Int32Array.from(sessions, (session) => (session as LoggedSession).ordinal);
    // The timeline lists sessions by start: no sort then (null).
    this.byStart = orderUnlessAscending(this.startSeq);
    this.placeByOwner(this.byStart, owners);
    this.positionStartSeq = new Uint32Array(n);
    for (let p = 0; p < n; p++) this.positionStartSeq[p] = this.startSeq[this.sessionAt[p]!]!;
    if (!this.positionStartSeq.every((seq, p) => seq === this.startSeq[this.sessionAt[p]!])) this.positionStartSeq = Float64Array.from(this.sessionAt, (i) => this.startSeq[i]!);
    // Every session's, a filtered timeline's too: it keeps the sessions it keeps whole.
    const grouping = n === 0 ? null : (sessions[0] as LoggedSession).requestGrouping;
    this.rows = grouping === null ? new Int32Array(0) : grouping.rows;
    this.grouped = grouping ?? NO_ROWS;
    const Distances = mostUses < 0xffff ? Uint16Array : Int32Array;
    this.reached = new Distances(n);
    this.latest = new Distances(n);
  }

  /** The first of session i's uses (i, its place in the timeline's sessions): places in the timeline's rows of every session's. */
  firstUse(i: number): number {
    return startOf(this.grouped, this.ordinals === null ? i : this.ordinals[i]!);
  }

  /** Past the last of session i's uses. */
  endOfUses(i: number): number {
    const ordinal = this.ordinals === null ? i : this.ordinals[i]!;
    return startOf(this.grouped, ordinal) + countOf(this.grouped, ordinal);
  }

  /**
   * Fills sessionAt: positions grouped by owner, each owner's in the
   * losses' alive-list order (classify-reinitializations sorts by startSeq, stably), which is
   * `order` (the sessions' by startSeq; null: the timeline's). Owners are
   * their keys' numbers (ownerCode): a key made and looked up per session took 108 ms at 1 GiB.
   */
  private placeByOwner(order: Int32Array | null, owners: Int32Array) {
    const n = owners.length;
    // Owners numbered as first met in start order, their sessions counted, then placed: a list
    // per owner, grown by a push per session, was 15 MB at 1 GiB and as many pointers followed.
    // Each owner's group plus one (0: none yet) by its number less NULL_CODE, the least an owner
    // has: a Map's lookup per session was 5% of server-idle-timeout at 1 GiB.
    let groupOf = new Int32Array(1024);
    const groupOwner: number[] = [];
    const groupSize: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : order[k]!;
      const slot = owners[i]! - NULL_CODE;
      if (slot >= groupOf.length) groupOf = withRoomFor(groupOf, slot);
      let g = groupOf[slot]! - 1;
      if (g === -1) {
        groupOf[slot] = (g = groupOwner.length) + 1;
        groupOwner.push(owners[i]!);
        groupSize.push(0);
      }
      groupSize[g]!++;
    }
    // Each owner's first position, in the order met; sessions without an owner last.
    const next = new Int32Array(groupOwner.length);
    let p = 0;
    for (let g = 0; g < groupOwner.length; g++) {
      if (groupOwner[g] === NULL_CODE) continue;
      this.ownedFrom.set(groupOwner[g]!, { from: p, to: p + groupSize[g]! });
      next[g] = p;
      p += groupSize[g]!;
    }
    const unowned = groupOf[0]! - 1;
    if (unowned !== -1) next[unowned] = p;
    // Each session's group read again from its owner: a column of them was 1.5 MB at 1 GiB.
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : order[k]!;
      this.sessionAt[next[groupOf[owners[i]! - NULL_CODE]! - 1]!++] = i;
    }
  }

  /** A walk over one owner's sessions (the owner's key as its number, a request's clientCode), for its losses in log order. */
  walkOwner(owner: number): OwnerWalk {
    const { from, to } = this.ownedFrom.get(owner) ?? { from: 0, to: 0 };
    return new OwnerWalk(this, this.positionStartSeq, from, to);
  }

  /** When a use was logged. */
  atOf(use: number): number {
    return this.table.atOf(this.rows[use]!);
  }

  /** The latest time the session at position p was used before a request (its row), or its start when it was not. */
  lastUseBefore(p: number, row: number): number {
    const i = this.sessionAt[p]!;
    const first = this.firstUse(i);
    const end = this.endOfUses(i);
    let use = first + this.reached[i]!;
    let latestUse = this.latest[i]!;
    // Asked out of log order, it starts over from the session's first use.
    if (use > first && this.rows[use - 1]! >= row) {
      use = first;
      latestUse = 0;
    }
    let latest = latestUse === 0 ? this.startAt[i]! : this.atOf(first + latestUse - 1);
    for (; use < end && this.rows[use]! < row; use++) {
      const at = this.atOf(use);
      // Kept as the use whose time Math.max gave (NaN stays, +0 over -0): that time is read back.
      const later = Math.max(latest, at);
      if (Object.is(later, latest)) continue;
      latest = later;
      latestUse = use - first + 1;
    }
    this.reached[i] = use - first;
    this.latest[i] = latestUse;
    return latest;
  }

  /**
   * The id of the session at position p, read from the session when asked: a list of every
   * session's id by position held each id's string through the hypotheses, where the interner
   * keeps a UUID's as its words (interner.ts); the walks ask a few ids per loss they read.
   */
  idAt(p: number): string {
    return this.sessions[this.sessionAt[p]!]!.id;
  }

  /** Looked up by id (sessionsById), which holds no id's string: a Map's keys were every id's, made again. */
  positionOf(id: string): number {
    this.byId ??= sessionsById(this.timeline);
    this.positionAt ??= positionsOf(this.sessionAt);
    return this.positionAt[this.byId.placeOf(id)]!;
  }
}

/** Where each place is in `sessionAt` (its inverse). */
function positionsOf(sessionAt: Int32Array): Int32Array {
  const positions = new Int32Array(sessionAt.length);
  for (let p = 0; p < sessionAt.length; p++) positions[sessionAt[p]!] = p;
  return positions;
}

/**
 * Finds the sessions a loss's alive list names (its owner's newest alive ones, in start order)
 * by reading back from the owner's newest session started before the loss, past the ones that
 * ended. Asked in log order, it walks each owner's sessions once; a loss with many ended sessions
 * between its alive ones looks it up by id instead (sessionsById).
 */
export class OwnerWalk {
  /** The owner's sessions started before the last loss asked end before this position. */
  private started: number;

  constructor(
    private readonly uses: SessionUses,
    private readonly startSeq: Uint32Array | Float64Array,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.started = from;
  }

  /** Puts the positions of the sessions `alive` names into `found` (grown when short), in its order, and returns it. */
  findAlive(alive: AliveNames, seq: number, found: Int32Array): Int32Array {
    const { ids, from } = alive;
    if (found.length < alive.to - from) found = new Int32Array(alive.to - from);
    // Asked out of log order, it starts over from the owner's first session.
    if (this.started > this.from && this.startSeq[this.started - 1]! >= seq) this.started = this.from;
    while (this.started < this.to && this.startSeq[this.started]! < seq) this.started++;
    let p = this.started - 1;
    let skipped = 0;
    const uses = this.uses;
    for (let j = alive.to - 1; j >= from; j--) {
      const id = ids[j]!;
      while (p >= this.from && uses.idAt(p) !== id && skipped++ < MAX_SKIPPED) p--;
      found[j - from] = p >= this.from && uses.idAt(p) === id ? p : uses.positionOf(id);
      p = found[j - from]! - 1;
    }
    return found;
  }
}
