import type { AliveNames } from "../timeline/classified-columns.js";
import { orderUnlessAscending } from "../timeline/is-ascending.js";
import { NULL_CODE } from "../timeline/interner.js";
import { withRoomFor } from "../timeline/grown-column.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { Session, Timeline } from "../timeline/model.js";
import type { RequestTable } from "../timeline/records.js";
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
 * session's rows side by side (LoggedSession.requestRows): copied in the owners' order, they were
 * 6.3 MB at 1 GiB and the longest part of making this. Copies of each use's position and time
 * (16 bytes a use, 32 MB at 1 GiB, garbage the report's start then held) cost as many reads of the
 * table as the times read now.
 */
export class SessionUses {
  /** Position p holds the session sessions[sessionAt[p]]. */
  readonly sessionAt: Int32Array;
  /** The inverse: sessions[i] is at position positionAt[i]. */
  readonly positionAt: Int32Array;
  /**
   * By the session's place in the timeline's sessions, not its position: the session sessions[i]
   * has uses first[i] to end[i] - 1, in log order (places in `rows`). longestSurvivedGap reads
   * them for every session in the timeline's order, and by position each was a cache miss (at
   * 1 GiB, three of 371,000 sessions); the losses' asks, read by position, are a tenth of that
   * since server-idle-timeout passes the losses that cannot beat its best.
   */
  readonly first: Int32Array;
  readonly end: Int32Array;
  readonly startAt: Float64Array;
  readonly startSeq: Float64Array;
  /** The sessions (places in the timeline's) in the order of their starts, as the alive lists are; null when the timeline lists them so. */
  readonly byStart: Int32Array | null;
  /** An owner's sessions (by its key's number) are positions ownedFrom.get(owner) to the next owner's first. */
  private readonly ownedFrom = new Map<number, { from: number; to: number }>();
  private readonly positionStartSeq: Float64Array;
  private readonly sessions: readonly Session[];
  private readonly table: RequestTable;
  private readonly rows: Int32Array;
  /** Where lastUseBefore stopped, per session: the losses ask in log order, so it walks on from there. */
  private readonly reached: Int32Array;
  /** The latest `at` before `reached` (or the start): the log orders by seq, and times can step back. */
  private readonly latestReached: Float64Array;
  private byId: SessionsById | null = null;
  private readonly timeline: Timeline;

  constructor(timeline: Timeline) {
    const { sessions } = timeline;
    this.sessions = sessions;
    this.timeline = timeline;
    this.table = requestRows(timeline).table;
    const n = sessions.length;
    this.sessionAt = new Int32Array(n);
    this.first = new Int32Array(n);
    this.end = new Int32Array(n);
    this.startAt = new Float64Array(n);
    this.startSeq = new Float64Array(n);
    this.positionStartSeq = new Float64Array(n);
    // One pass over the sessions in the timeline's order: each session is a pointer away, and read
    // by owner, every session was a new place.
    const owners = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const session = sessions[i] as LoggedSession;
      this.startSeq[i] = session.startSeq;
      owners[i] = session.ownerCode;
      this.startAt[i] = session.startAt;
      this.first[i] = session.requestsFrom;
      this.end[i] = this.first[i]! + session.requestCount;
    }
    // The timeline lists sessions by start: no sort then (null).
    this.byStart = orderUnlessAscending(this.startSeq);
    const positionOf = (this.positionAt = this.placeByOwner(this.byStart, owners));
    for (let i = 0; i < n; i++) {
      this.positionStartSeq[positionOf[i]!] = this.startSeq[i]!;
    }
    // Every session's, a filtered timeline's too: it keeps the sessions it keeps whole.
    this.rows = n === 0 ? new Int32Array(0) : (sessions[0] as LoggedSession).requestRows;
    this.reached = this.first.slice();
    this.latestReached = this.startAt.slice();
  }

  /**
   * Fills sessionAt and returns its inverse: positions grouped by owner, each owner's in the
   * losses' alive-list order (classify-reinitializations sorts by startSeq, stably), which is
   * `order` (the sessions' by startSeq; null: the timeline's). Owners are
   * their keys' numbers (ownerCode): a key made and looked up per session took 108 ms at 1 GiB.
   */
  private placeByOwner(order: Int32Array | null, owners: Int32Array): Int32Array {
    const n = owners.length;
    // Owners numbered as first met in start order, their sessions counted, then placed: a list
    // per owner, grown by a push per session, was 15 MB at 1 GiB and as many pointers followed.
    // Each owner's group plus one (0: none yet) by its number less NULL_CODE, the least an owner
    // has: a Map's lookup per session was 5% of server-idle-timeout at 1 GiB.
    let groupOf = new Int32Array(1024);
    const groupOwner: number[] = [];
    const groupSize: number[] = [];
    const groupAt = new Int32Array(n);
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
      groupAt[i] = g;
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
    const positionOf = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : order[k]!;
      const at = next[groupAt[i]!]!++;
      this.sessionAt[at] = i;
      positionOf[i] = at;
    }
    return positionOf;
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
    const first = this.first[i]!;
    const end = this.end[i]!;
    let use = this.reached[i]!;
    let latest = this.latestReached[i]!;
    // Asked out of log order, it starts over from the session's first use.
    if (use > first && this.rows[use - 1]! >= row) {
      use = first;
      latest = this.startAt[i]!;
    }
    while (use < end && this.rows[use]! < row) latest = Math.max(latest, this.atOf(use++));
    this.reached[i] = use;
    this.latestReached[i] = latest;
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
    return this.positionAt[this.byId.placeOf(id)]!;
  }
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
    private readonly startSeq: Float64Array,
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
