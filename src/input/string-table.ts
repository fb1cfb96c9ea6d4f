/**
 * The strings of one batch, each sent once, and where each is in the list. A table kept for the
 * whole file (session ids, clients, methods; request ids per batch), posting only the strings new
 * since the batch before, cut the strings cloned on the 100 MiB bench log from 346,000 to 242,000
 * and the receiver's share (clone, unpack, interning) by some 3% of instructions, but made the
 * reading thread, the slower one while reading, look up a Map of every session id instead of a
 * batch's few hundred strings: reading the 1 GiB log alone, indexOf and packing 1.6 → 3.7 s
 * (profile), peak RSS 218 → 272-284 MB (two runs each). Not kept.
 *
 * The look-up is an open-addressed table of a few sampled characters' hash, not a Map: 60% of a
 * batch's strings are new to it (346,883 of 585,688 look-ups in the 100 MiB bench log), most of
 * them new string objects that a Map hashes in full, and each batch's Map grew from empty. The
 * slots are the thread's, shared by its tables one after the other (a batch is packed in one go):
 * a new table forgets the last one's by a generation: one increment. Reading the 100 MiB
 * bench log alone allocated 250 → 222 MB (the Maps' 25 MB gone; sampled heap profile), indexOf
 * 145 → 74 ms of profile; instructions about even (callgrind: the Map and string hashing
 * builtins -210 M, compiled code +178 M), reading the 1 GiB log alone 4.15 → 4.09 s user
 * (medians of six alternating pairs, at load 6-9).
 *
 * A batch's session ids have a table of their own besides (their own TableSlots, see
 * event-codec.ts), filled side by side with the batch's.
 */
export class StringTable {
  readonly strings: string[] = [];
  /** Strings whose probes ran out of slots: only where many share the sampled characters. */
  private overflow: Map<string, number> | null = null;
  private readonly generation: number;

  constructor(private readonly slots = BATCH_SLOTS) {
    this.generation = ++slots.generation;
  }

  indexOf(value: string): number {
    const slots = this.slots;
    const generation = slots.generation;
    if (this.generation !== generation) throw new Error("a batch's strings are packed after the next batch's");
    const { generationAt, hashAt, indexAt, mask } = slots;
    const hash = hashOf(value);
    let slot = hash & mask;
    for (let probe = 0; generationAt[slot] === generation; probe++) {
      if (hashAt[slot] === hash && this.strings[indexAt[slot]!] === value) return indexAt[slot]!;
      if (probe === MAX_PROBES) return this.overflowIndexOf(value);
      slot = (slot + 1) & mask;
    }
    if (this.overflow !== null) {
      // Moved by a growth, a string of the overflow may now stop its probes at an empty slot.
      const index = this.overflow.get(value);
      if (index !== undefined) return index;
    }
    const index = this.strings.length;
    this.strings.push(value);
    generationAt[slot] = generation;
    hashAt[slot] = hash;
    indexAt[slot] = index;
    if (2 * this.strings.length > generationAt.length) grow(this, slots);
    return index;
  }

  /** A string whose probes could not reach it: found in the overflow from then on. */
  sendToOverflow(index: number) {
    (this.overflow ??= new Map()).set(this.strings[index]!, index);
  }

  private overflowIndexOf(value: string): number {
    this.overflow ??= new Map();
    let index = this.overflow.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.overflow.set(value, index);
    }
    return index;
  }
}

/** Probes before a string goes to the overflow Map: bounds the cost of strings written to collide. */
const MAX_PROBES = 16;
/** Drawn per thread, so that a log cannot be written to make its strings collide (as in line-hash.ts). */
const SEED = (Math.random() * 0x7fffffff) | 0;

/** The slots of one kind of table, shared by its tables one after the other; the current one's are those of its generation. */
export class TableSlots {
  generation = 0;
  generationAt = new Int32Array(1 << 12);
  hashAt = new Int32Array(this.generationAt.length);
  indexAt = new Int32Array(this.generationAt.length);
  mask = this.generationAt.length - 1;
}

const BATCH_SLOTS = new TableSlots();

/**
 * Doubles the slots, keeping the current table's strings. Each lands where a look-up's probes reach
 * it (MAX_PROBES from its hash's slot), or in the overflow: put back in the old slots' order, a run of
 * one hash could find its new slots taken by strings put back before it and end past the probes, and
 * be added again as new (the test of a run sent to the overflow failed so, now and then, as the
 * seed placed the run at the slots' end).
 */
function grow(table: StringTable, slots: TableSlots): void {
  const { generation, generationAt: oldGeneration, hashAt: oldHash, indexAt: oldIndex } = slots;
  const generationAt = (slots.generationAt = new Int32Array(oldGeneration.length * 2));
  const hashAt = (slots.hashAt = new Int32Array(generationAt.length));
  const indexAt = (slots.indexAt = new Int32Array(generationAt.length));
  const mask = (slots.mask = generationAt.length - 1);
  for (let old = 0; old < oldGeneration.length; old++) {
    if (oldGeneration[old] !== generation) continue;
    let slot = oldHash[old]! & mask;
    let probe = 0;
    while (generationAt[slot] === generation && probe <= MAX_PROBES) {
      slot = (slot + 1) & mask;
      probe++;
    }
    if (probe > MAX_PROBES) {
      table.sendToOverflow(oldIndex[old]!);
      continue;
    }
    generationAt[slot] = generation;
    hashAt[slot] = oldHash[old]!;
    indexAt[slot] = oldIndex[old]!;
  }
}

/**
 * A hash of the length and nine characters: the first four, the middle one and the last four,
 * where the values differ (ids end in counters or random hex, addresses and versions in digits);
 * the comparison decides.
 */
function hashOf(value: string): number {
  const length = value.length;
  let h = Math.imul(SEED ^ length, 0x9e3779b1);
  if (length < 4) {
    for (let i = 0; i < length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x85ebca6b);
  } else {
    h = Math.imul(h ^ (value.charCodeAt(0) | (value.charCodeAt(1) << 8) | (value.charCodeAt(2) << 16) | (value.charCodeAt(3) << 24)), 0x85ebca6b);
    h = Math.imul(h ^ value.charCodeAt(length >> 1), 0x9e3779b1);
    h = Math.imul(h ^ (value.charCodeAt(length - 4) | (value.charCodeAt(length - 3) << 8) | (value.charCodeAt(length - 2) << 16) | (value.charCodeAt(length - 1) << 24)), 0xc2b2ae35);
  }
  return h ^ (h >>> 15);
}
