import { OrdinalRuns } from "./ordinal-runs.js";
import { SettlingBytes } from "./settling-bytes.js";

/** An instance's live sessions: its entries in join order (some stale, see LiveSessions), and how many are live. */
interface InstanceList {
  entries: OrdinalRuns;
  size: number;
}

/** Where a session that joined more than once has its current entry: the list, and the entry's place in it. */
interface Rejoined {
  list: InstanceList;
  at: number;
}

/** A session's state (by ordinal): never listed; listed, its only entry ever the current one; not listed; listed again, its current entry in `rejoined`. */
const NEVER = 0;
const LISTED_ONCE = 1;
const LEFT = 2;
const LISTED_AGAIN = 3;

/**
 * The live sessions (by ordinal) of each server instance (by its number in the timeline's strings),
 * in the order they joined it, as a Set per instance gave them: a session moved to another
 * instance joins it last. A session joins as an entry appended to its instance's entries and
 * leaves by its state alone, its entry left where it is until the list holds as many stale entries
 * as live ones and is written anew without them. The sessions join as they are first seen, so in
 * the order of their ordinals: the entries are runs of consecutive ordinals, one run for a log of
 * one instance whatever its sessions (OrdinalRuns). A list linked through two Int32 columns by
 * ordinal, plus a byte, took 9 MB at the 2 GiB events log's fold's end (735,262 sessions, 88%
 * never ended, so listed to the end); these take a byte per session, and next to nothing for the
 * sessions of a block that nearly all left (SettlingBytes).
 */
export class LiveSessions {
  /** A session left rests so, unless it is listed again: most sessions end (SettlingBytes). */
  private readonly states = new SettlingBytes(LEFT, -1);
  /** The sessions listed again after leaving: only theirs can have a stale entry beside the current one. */
  private readonly rejoined = new Map<number, Rejoined>();
  private readonly lists = new Map<number, InstanceList>();
  /** The list asked last, and its instance: most logs have one instance. */
  private lastList: InstanceList | null = null;
  private lastInstance = 0;

  /** How many sessions live on the instance numbered `instance`. */
  sizeOn(instance: number): number {
    return this.listOf(instance).size;
  }

  /** The session joins the instance's sessions, last. */
  add(instance: number, ordinal: number) {
    this.states.reach(ordinal);
    const list = this.listOf(instance);
    const at = list.entries.push(ordinal);
    list.size++;
    if (this.states.get(ordinal) === NEVER) {
      this.states.set(ordinal, LISTED_ONCE);
    } else {
      this.states.set(ordinal, LISTED_AGAIN);
      this.rejoined.set(ordinal, { list, at });
    }
  }

  /** The session leaves the instance's sessions; whether it was one of them (it is in at most one list: its home's). */
  delete(instance: number, ordinal: number): boolean {
    if (ordinal >= this.states.length) return false;
    const state = this.states.get(ordinal);
    if (state !== LISTED_ONCE && state !== LISTED_AGAIN) return false;
    this.states.set(ordinal, LEFT);
    if (state === LISTED_AGAIN) this.rejoined.delete(ordinal);
    const list = this.listOf(instance);
    list.size--;
    const stale = list.entries.length - list.size;
    // Written anew once half its entries are stale: each entry is copied O(1) times on average.
    if (stale > 64 && stale > list.size) this.compact(list);
    return true;
  }

  /** The instance's live sessions, in the order they joined it. */
  on(instance: number): number[] {
    const list = this.listOf(instance);
    const ordinals: number[] = [];
    list.entries.forEach((ordinal, at) => {
      if (this.isCurrent(list, ordinal, at)) ordinals.push(ordinal);
    });
    return ordinals;
  }

  /** Whether `list`'s entry `at`, for `ordinal`, is the session's current one. */
  private isCurrent(list: InstanceList, ordinal: number, at: number): boolean {
    const state = this.states.get(ordinal);
    if (state === LISTED_ONCE) return true;
    if (state !== LISTED_AGAIN) return false;
    const where = this.rejoined.get(ordinal)!;
    return where.list === list && where.at === at;
  }

  /** The list's entries without the stale ones, in the same order; the rejoined sessions' places follow. */
  private compact(list: InstanceList) {
    const kept = new OrdinalRuns();
    list.entries.forEach((ordinal, at) => {
      if (!this.isCurrent(list, ordinal, at)) return;
      const to = kept.push(ordinal);
      if (this.states.get(ordinal) === LISTED_AGAIN) this.rejoined.get(ordinal)!.at = to;
    });
    list.entries = kept;
  }

  private listOf(instance: number): InstanceList {
    if (this.lastList !== null && instance === this.lastInstance) return this.lastList;
    let list = this.lists.get(instance);
    if (!list) this.lists.set(instance, (list = { entries: new OrdinalRuns(), size: 0 }));
    this.lastInstance = instance;
    this.lastList = list;
    return list;
  }
}
