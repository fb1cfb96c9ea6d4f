import { withRoomFor } from "./grown-column.js";

/**
 * The sessions alive on each server instance, by ordinal, each instance's in the order they
 * joined it (the order a restart wipes them in). A Set of ordinals per instance cost a hash
 * insert per session, a removal per end and the Set's regrowth and shrinking as thousands came
 * and went. Here a session's place is a number of its ordinal (`placeOf`, its position in its
 * instance's list plus one, 0 when not alive); an ended session's entry stays in the list, skipped
 * when read, until the list is mostly such entries and is compacted.
 */
export class LiveSessions {
  /** By ordinal: the instance's number in the timeline's strings, and its place in that instance's list. */
  private instanceOf = new Int32Array(4096);
  private placeOf = new Int32Array(4096);
  private readonly lists = new Map<number, InstanceList>();
  /** The list looked up last: most logs have one instance. */
  private lastInstance = Number.NaN;
  private lastList: InstanceList | null = null;

  /** Session `ordinal` lives on the instance numbered `instance` from now on, at the end of its order. */
  add(ordinal: number, instance: number) {
    if (ordinal >= this.placeOf.length) {
      this.placeOf = withRoomFor(this.placeOf, ordinal);
      this.instanceOf = withRoomFor(this.instanceOf, ordinal);
    }
    const list = this.listOf(instance);
    if (list.length === list.ordinals.length) list.ordinals = withRoomFor(list.ordinals, list.length);
    list.ordinals[list.length++] = ordinal;
    list.size++;
    this.instanceOf[ordinal] = instance;
    this.placeOf[ordinal] = list.length;
  }

  /** Whether session `ordinal` was alive (on the instance it lived on), no longer. */
  delete(ordinal: number): boolean {
    if (ordinal >= this.placeOf.length || this.placeOf[ordinal] === 0) return false;
    this.placeOf[ordinal] = 0;
    const list = this.listOf(this.instanceOf[ordinal]!);
    list.size--;
    if (list.length > 64 && list.length > 2 * list.size) this.compact(list);
    return true;
  }

  /** How many sessions live on the instance numbered `instance`. */
  sizeOn(instance: number): number {
    return this.listOf(instance).size;
  }

  /** The ordinals of the sessions alive on the instance numbered `instance`, in the order they joined it. */
  on(instance: number): number[] {
    const list = this.listOf(instance);
    const alive: number[] = [];
    for (let k = 0; k < list.length; k++) if (this.holds(list, k)) alive.push(list.ordinals[k]!);
    return alive;
  }

  /** Whether the list's entry `k` is a session alive there: one that left it has a place elsewhere, or none. */
  private holds(list: InstanceList, k: number): boolean {
    const ordinal = list.ordinals[k]!;
    return this.placeOf[ordinal] === k + 1 && this.instanceOf[ordinal] === list.instance;
  }

  private compact(list: InstanceList) {
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      if (!this.holds(list, k)) continue;
      const ordinal = list.ordinals[k]!;
      list.ordinals[kept++] = ordinal;
      this.placeOf[ordinal] = kept;
    }
    list.length = kept;
  }

  private listOf(instance: number): InstanceList {
    if (instance === this.lastInstance) return this.lastList!;
    let list = this.lists.get(instance);
    if (!list) this.lists.set(instance, (list = { instance, ordinals: new Int32Array(1024), length: 0, size: 0 }));
    this.lastInstance = instance;
    this.lastList = list;
    return list;
  }
}

interface InstanceList {
  readonly instance: number;
  ordinals: Int32Array;
  /** Entries written, alive or not. */
  length: number;
  /** Entries alive. */
  size: number;
}
