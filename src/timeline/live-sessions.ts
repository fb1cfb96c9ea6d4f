import { withRoomFor } from "../grown-column.js";

/** An instance's live sessions: the ends of its list, and how many. */
interface InstanceList {
  first: number;
  last: number;
  size: number;
}

const NONE = -1;

/**
 * The live sessions (by ordinal) of each server instance (by its number in the timeline's strings),
 * in the order they joined it, as a Set per instance gave them: a session moved to another
 * instance joins it last. The lists are linked through two columns by ordinal, so a session joins
 * and leaves with a few array writes: the Sets' adds and deletes (a hash each, a table that grew
 * and shrank by copies) were 1.5% of the fold of the 100 MiB events log (node --cpu-prof, 8 folds).
 */
export class LiveSessions {
  /** The next and the previous live session of the same instance, plus one: 0 for none. */
  private next = new Int32Array(4096);
  private previous = new Int32Array(4096);
  /** 1 while the session (by ordinal) is in a list. */
  private listed = new Uint8Array(4096);
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
    if (ordinal >= this.listed.length) {
      this.next = withRoomFor(this.next, ordinal);
      this.previous = withRoomFor(this.previous, ordinal);
      this.listed = withRoomFor(this.listed, ordinal);
    }
    const list = this.listOf(instance);
    this.listed[ordinal] = 1;
    this.next[ordinal] = 0;
    this.previous[ordinal] = list.last + 1;
    if (list.last === NONE) list.first = ordinal;
    else this.next[list.last] = ordinal + 1;
    list.last = ordinal;
    list.size++;
  }

  /** The session leaves the instance's sessions; whether it was one of them (it is in at most one list: its home's). */
  delete(instance: number, ordinal: number): boolean {
    if (ordinal >= this.listed.length || this.listed[ordinal] === 0) return false;
    const list = this.listOf(instance);
    const next = this.next[ordinal]! - 1;
    const previous = this.previous[ordinal]! - 1;
    if (previous === NONE) list.first = next;
    else this.next[previous] = next + 1;
    if (next === NONE) list.last = previous;
    else this.previous[next] = previous + 1;
    this.listed[ordinal] = 0;
    list.size--;
    return true;
  }

  /** The instance's live sessions, in the order they joined it. */
  on(instance: number): number[] {
    const ordinals: number[] = [];
    for (let o = this.listOf(instance).first; o !== NONE; o = this.next[o]! - 1) ordinals.push(o);
    return ordinals;
  }

  private listOf(instance: number): InstanceList {
    if (this.lastList !== null && instance === this.lastInstance) return this.lastList;
    let list = this.lists.get(instance);
    if (!list) this.lists.set(instance, (list = { first: NONE, last: NONE, size: 0 }));
    this.lastInstance = instance;
    this.lastList = list;
    return list;
  }
}
