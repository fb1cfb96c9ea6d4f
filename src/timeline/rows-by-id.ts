import { rehashSlots } from "./hash-slots.js";
import { hashOf, hashOfInteger } from "./string-hash.js";

/**
 * The latest request (its row) sent with each request id (its string or its code), until a response takes it: open
 * addressing in one Int32Array (a slot holds the row plus one, 0 for empty, and the id's hash),
 * a taken entry removed at once by moving back the ones after it, so no slot is left marked. A
 * Map, where a removal shrank the table and the next request grew it back, was swept of taken
 * entries into a new Map every 256 takes instead; each new Map grew from empty: 17 of the 103 MB
 * the fold of the 100 MiB bench log allocated (a sampling heap profile counting collected
 * objects, /tmp/s19/alloc-fold.mjs). The table holds the requests waiting, a few, and never shrinks.
 */
export class RowsById {
  private slots = new Int32Array(2 * FIRST_SLOTS);
  private ids: (string | number | undefined)[] = new Array<string | number | undefined>(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  private count = 0;

  /** `id` now names `row`, in place of the row it named. */
  set(id: string | number, row: number) {
    const hash = keyHashOf(id);
    const { slots, mask } = this;
    let i = hash & mask;
    for (; slots[2 * i] !== 0; i = (i + 1) & mask) {
      if (slots[2 * i + 1] === hash && this.ids[i] === id) {
        slots[2 * i] = row + 1;
        return;
      }
    }
    slots[2 * i] = row + 1;
    slots[2 * i + 1] = hash;
    this.ids[i] = id;
    if (2 * ++this.count > mask) this.grow();
  }

  /** The slot holding `id`, -1 when none does; valid until the next set or removeAt. */
  slotOf(id: string | number): number {
    const hash = keyHashOf(id);
    const { slots, mask } = this;
    for (let i = hash & mask; slots[2 * i] !== 0; i = (i + 1) & mask) if (slots[2 * i + 1] === hash && this.ids[i] === id) return i;
    return -1;
  }

  rowAt(slot: number): number {
    return this.slots[2 * slot]! - 1;
  }

  /** Empties `slot`, moving back each entry after it that its probe would otherwise not reach. */
  removeAt(slot: number) {
    const { slots, mask, ids } = this;
    let hole = slot;
    for (let j = (hole + 1) & mask; slots[2 * j] !== 0; j = (j + 1) & mask) {
      const home = slots[2 * j + 1]! & mask;
      // The entry at j stays when its home lies cyclically in (hole, j].
      if (hole <= j ? home > hole && home <= j : home > hole || home <= j) continue;
      slots[2 * hole] = slots[2 * j]!;
      slots[2 * hole + 1] = slots[2 * j + 1]!;
      ids[hole] = ids[j];
      hole = j;
    }
    slots[2 * hole] = 0;
    ids[hole] = undefined;
    this.count--;
  }

  private grow() {
    const oldIds = this.ids;
    const ids = (this.ids = new Array<string | number | undefined>(2 * (this.mask + 1)));
    this.mask = 2 * this.mask + 1;
    this.slots = rehashSlots(this.slots, this.mask, (from, to) => (ids[to] = oldIds[from]));
  }
}

const FIRST_SLOTS = 256;

/** An id's hash: a code is never equal to a string, so the two kinds share the table. */
function keyHashOf(id: string | number): number {
  return typeof id === "string" ? hashOf(id) : hashOfInteger(id);
}
