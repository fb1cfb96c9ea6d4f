import { Int32Blocks } from "./blocked-column.js";
import { MAX_ALIVE_LISTED } from "./classified-columns.js";
import { withRoomFor } from "../grown-column.js";
import { SettlingBytes } from "./settling-bytes.js";

/** A session's state in the sweep (ReinitializationSweep): not swept yet, listed, listed and seen alive at an initialize of its client, ended. */
export const NOT_SWEPT = 0;
export const LISTED = 1;
export const LIVE = 2;
export const ENDED = 3;
/** Ended after an initialize of its client saw it alive: abandoned all the same. */
export const ENDED_LIVE = 4;

/** The room a client's list is first given in the pool. */
const MIN_REGION = 4;

/**
 * Each client's sessions alive at the sweep's position, in the order of their start, as regions of
 * one column (`pool`) that the losses name windows of: a loss keeps where its window ends, and a
 * client's consecutive losses mostly name the same sessions. The sweep goes in log order, the
 * clients' sessions interleaved: each client's list has a region of its own, grown at the pool's
 * end; a list sheds its ended sessions in place, but a region a loss named is never written over:
 * a list that outgrows its region, or sheds sessions from one named, is written anew past it
 * (makeRoom). A session is in its owner's list, alive while its state is LISTED or LIVE: an ended
 * one stays in the region until the list is written anew; one moved to another client's list is
 * dropped from its list at once.
 */
export class AliveLists {
  readonly pool = new Int32Blocks();
  /** The newest alive sessions written for a loss whose window would hold ended ones. */
  readonly own = new Int32Blocks();
  /** The same, for the loss being told that no list keeps (nameNewest). */
  readonly scratch = new Int32Blocks();
  /** By session: its state, at rest once ended (SettlingBytes). */
  private readonly states = new SettlingBytes(ENDED, ENDED_LIVE);
  /** By client: how many are alive, where its region starts, ends (its list's length) and its room ends in the pool. */
  size = new Int32Array(256);
  base = new Int32Array(256);
  length = new Int32Array(256);
  private room = new Int32Array(256);
  /** By client: the end of the latest window a loss named (what lies before it is not to change), and how far the list was marked LIVE. */
  private named = new Int32Array(256);
  private marked = new Int32Array(256);
  /** By client: how many times its list was written anew (keepAlive), in place or not: a window of it named before names other sessions since. */
  rewrites = new Int32Array(256);
  /** How many sessions were ever marked LIVE. */
  added = 0;

  constructor() {
    this.scratch.reserve(MAX_ALIVE_LISTED);
  }

  /** Room for the session at `ordinal`, NOT_SWEPT. */
  noteSession(ordinal: number) {
    this.states.reach(ordinal);
  }

  /** How many sessions were noted. */
  get sessionCount(): number {
    return this.states.length;
  }

  stateOf(p: number): number {
    return this.states.get(p);
  }

  setState(p: number, state: number) {
    this.states.set(p, state);
  }

  /** Room for the client at `c`. */
  noteClient(c: number) {
    if (c < this.size.length) return;
    this.size = withRoomFor(this.size, c);
    this.base = withRoomFor(this.base, c);
    this.length = withRoomFor(this.length, c);
    this.room = withRoomFor(this.room, c);
    this.named = withRoomFor(this.named, c);
    this.marked = withRoomFor(this.marked, c);
    this.rewrites = withRoomFor(this.rewrites, c);
  }

  isAlive(p: number): boolean {
    const state = this.states.get(p);
    return state === LISTED || state === LIVE;
  }

  /** Lists `p` (alive) last in client c's list. */
  append(c: number, p: number) {
    this.size[c]!++;
    if (this.length[c] === this.room[c]) this.makeRoom(c);
    this.pool.set(this.length[c]!++, p);
  }

  /** `p`, alive in c's list, ended: `live` tells whether an initialize of c had seen it. */
  end(c: number, p: number) {
    this.states.set(p, this.states.get(p) === LIVE ? ENDED_LIVE : ENDED);
    this.size[c]!--;
    const entries = this.length[c]! - this.base[c]!;
    if (entries > 64 && entries > 2 * this.size[c]!) this.compact(c);
  }

  /** `p`, alive in c's list, moved out of it (to another client's, or none): its entry dropped at once. */
  remove(c: number, p: number) {
    this.size[c]!--;
    this.compact(c, p);
  }

  /** The sessions of c's list not yet seen alive at one of its initializes: LIVE now, abandoned if they end or are left. */
  markLive(c: number) {
    const { pool, states } = this;
    for (let i = this.marked[c]!; i < this.length[c]!; i++) {
      const p = pool.get(i);
      if (states.get(p) === LISTED) {
        states.set(p, LIVE);
        this.added++;
      }
    }
    this.marked[c] = this.length[c]!;
  }

  /**
   * A loss of client c naming its newest MAX_ALIVE_LISTED alive sessions, oldest first: where the
   * window ends in the pool when no ended session lies among them, else ~ where they end in `own`,
   * written there (7% of the bench log's losses). A loss the timeline does not keep (`kept` false)
   * is read only while its observers are told it: its window may change after, and the names
   * written for it go to `scratch`, written over by the next such loss, so that neither the pool's
   * regions nor `own` grow with losses no list names.
   */
  nameNewest(c: number, kept = true): number {
    const { pool } = this;
    const base = this.base[c]!;
    const count = Math.min(this.size[c]!, MAX_ALIVE_LISTED);
    let end = this.length[c]!;
    while (!this.isAlive(pool.get(end - 1))) end--;
    let found = 0;
    let i = end;
    while (found < count && i > base && this.isAlive(pool.get(i - 1))) {
      i--;
      found++;
    }
    if (found === count) {
      if (kept && end > this.named[c]!) this.named[c] = end;
      return end;
    }
    const into = kept ? this.own : this.scratch;
    const start = kept ? this.own.reserve(count) : 0;
    let left = count;
    for (let k = this.length[c]! - 1; left > 0; k--) if (this.isAlive(pool.get(k))) into.set(start + --left, pool.get(k));
    return ~(start + count);
  }

  /**
   * A full region: while its alive sessions fill half of it at most and no loss named a window of
   * it, its ended ones shed in place; else grown where it is at the pool's end, or written anew
   * there with room for twice its alive sessions. Moved each time it filled, a client's list left
   * its region behind every few sessions it made, used or not: the pool grew by 447,336 places in
   * 45,961 moves at 1 GiB, 12.5 MiB at 8 GiB (the walk's end's largest column after each session's
   * latest use); a region a loss names is the only one to stay.
   */
  private makeRoom(c: number) {
    const base = this.base[c]!;
    const entries = this.length[c]! - base;
    if (this.named[c]! <= base && 2 * this.size[c]! <= entries) {
      this.compact(c);
    } else if (this.room[c] === this.pool.length && this.length[c]! > 0) {
      this.pool.reserve(Math.max(MIN_REGION, entries));
      this.room[c] = this.pool.length;
    } else {
      this.moveToEnd(c, Math.max(MIN_REGION, 2 * this.size[c]!));
    }
  }

  /** Drops c's ended sessions, and `except`, from its list: in place, unless a loss named a window of it. */
  private compact(c: number, except = -1) {
    if (this.named[c]! > this.base[c]!) {
      this.moveToEnd(c, Math.max(MIN_REGION, 2 * this.size[c]!), except);
      return;
    }
    const to = this.keepAlive(c, this.base[c]!, except);
    this.length[c] = to;
  }

  private moveToEnd(c: number, room: number, except = -1) {
    const start = this.pool.reserve(room);
    const to = this.keepAlive(c, start, except);
    this.base[c] = start;
    this.length[c] = to;
    this.room[c] = start + room;
  }

  /** c's alive sessions but `except`, in order, written from `start` (at or before their places): the end written to; `marked` follows them. */
  private keepAlive(c: number, start: number, except: number): number {
    const { pool } = this;
    const from = this.base[c]!;
    const to = this.length[c]!;
    const marked = this.marked[c]!;
    this.rewrites[c]!++;
    let kept = start;
    let keptMarked = start;
    for (let i = from; i < to; i++) {
      const p = pool.get(i);
      if (p === except || !this.isAlive(p)) continue;
      pool.set(kept++, p);
      if (i < marked) keptMarked = kept;
    }
    this.marked[c] = marked >= to ? kept : keptMarked;
    return kept;
  }
}
