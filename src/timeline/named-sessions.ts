import type { RecordList, Session } from "./model.js";
import { Int32Blocks } from "./blocked-column.js";

/**
 * The sessions the losses name, as their positions in the timeline's sessions, in two columns
 * only ever appended to while the classification sweeps (see AliveLists). In `shared`, each client's
 * list of its alive sessions in start order, a region of its own, and a loss names the last of them
 * before its end: a window shared with the client's other losses. In `own`, the newest alive
 * sessions written for a loss whose window would hold ended ones. A loss's end is an index of
 * `shared`, or of `own` as ~index (negative). As lists of the ids, one per compaction of a client's
 * start order and one per loss of the second kind, they were 11 MB of pointer arrays at 1 GiB, plus
 * a list of the lists (2.8 MB), held through the report's tail; 1.1 million positions here at 1 GiB.
 */
export class NamedSessions {
  /**
   * In blocks: written as the log is read, grown by doubling, they left their copies behind, and
   * `own`, made NearInts once sealed (half its 2 MB at 1 GiB), left its column as a hole under the
   * report's arrays.
   */
  shared = new Int32Blocks();
  own = new Int32Blocks();

  constructor(
    /** The timeline's sessions, which the positions are of. */
    readonly sessions: RecordList<Session>,
  ) {}

  get sharedLength(): number {
    return this.shared.length;
  }

  pushShared(position: number) {
    this.shared.push(position);
  }

  /** `count` places at the end of `own`, to be filled: the index they start at. */
  addOwn(count: number): number {
    return this.own.reserve(count);
  }

  /** Once no more are written: the last blocks cut to their length. */
  seal() {
    this.shared.seal();
    this.own.seal();
  }

  /** The ids of the `count` sessions named before `end` (see above), into `ids` from its start. */
  readIds(end: number, count: number, ids: string[]) {
    if (end >= 0) {
      for (let k = 0; k < count; k++) ids[k] = this.sessions.at(this.shared.get(end - count + k))!.id;
    } else {
      for (let k = 0; k < count; k++) ids[k] = this.sessions.at(this.own.get(~end - count + k))!.id;
    }
  }

  /** The kth (oldest first) of the `count` sessions named before `end` (see above). */
  sessionAt(end: number, count: number, k: number): Session {
    return this.sessions.at(this.positionAt(end, count, k))!;
  }

  /** Its position in `sessions`. */
  positionAt(end: number, count: number, k: number): number {
    return end >= 0 ? this.shared.get(end - count + k) : this.own.get(~end - count + k);
  }

  /** The positions of the `count` sessions named before `end`, into `into` from `at`. */
  copyPositions(end: number, count: number, into: Int32Array, at: number) {
    if (end >= 0) {
      for (let k = 0; k < count; k++) into[at + k] = this.shared.get(end - count + k);
    } else {
      for (let k = 0; k < count; k++) into[at + k] = this.own.get(~end - count + k);
    }
  }
}

/**
 * The sessions a re-initialize found alive, as an observer is told them (WalkObserver.reinitialization):
 * its client's newest MAX_ALIVE_LISTED, oldest first, none unless a loss. One window, pointed at each
 * re-initialize's names in turn: read while told, never kept, so an observer that needs the names
 * reads them then, and nothing asks the names to outlive the sweep.
 */
export class NamedWindow {
  private names: NamedSessions | null = null;
  private end = 0;
  /** How many sessions it names. */
  count = 0;
  /**
   * The ones from `namedFrom` up to `namedTo` (oldest first) were named by a loss of the same
   * client told before, to the same observers: an observer that reads something of a session the
   * first time it is named has read it of those (IdleBeforeLoss). None unless the sweep knows it.
   */
  namedFrom = 0;
  namedTo = 0;

  /** Points at the `count` sessions `names` names before `end`, none known to be named before. */
  show(names: NamedSessions, end: number, count: number): this {
    this.names = names;
    this.end = end;
    this.count = count;
    this.namedFrom = 0;
    this.namedTo = 0;
    return this;
  }

  /** The ones from `from` up to `to` were named by a loss told before (see namedFrom). */
  namedBefore(from: number, to: number): this {
    this.namedFrom = from;
    this.namedTo = to;
    return this;
  }

  /** Names none (a re-initialize other than a loss). */
  clear(): this {
    this.count = 0;
    this.namedFrom = 0;
    this.namedTo = 0;
    return this;
  }

  /** The kth session named, oldest first. */
  sessionAt(k: number): Session {
    return this.names!.sessionAt(this.end, this.count, k);
  }

  /**
   * The kth session's position in the timeline's sessions, which is its ordinal (the walk lists
   * them as it makes them), read without the session: a pass over every loss's names followed a
   * pointer to each session object where it needed only its number.
   */
  positionAt(k: number): number {
    return this.names!.positionAt(this.end, this.count, k);
  }
}
