import { rehashSlots } from "./hash-slots.js";
import { hashOf } from "./string-hash.js";

/**
 * One copy of each distinct string, and a number for it. JSON.parse makes a new string for every
 * value of every line, so a session id used by a thousand requests (and their responses) was held
 * a thousand times; the model keeps one. The table grows with distinct values (sessions, methods),
 * not with lines. The numbers let a column of a typed array hold a string (records.ts).
 *
 * The lookup table is open addressing in one Int32Array, not a Map: nearly every string asked is
 * new to the engine (a batch's strings come cloned from the reading thread, see BatchLookups), so
 * its hash is computed anyway, and a Map then reads each entry of the hash's chain (a string
 * elsewhere in the heap, a cache miss at 371,000 ids) and, for a new id, looks it up a second
 * time to add it. Here a slot holds the number and the hash side by side: a new id costs one
 * slot read when its slot is empty, and a string is compared only when the hashes are equal.
 * 1 GiB events log, main thread (node --cpu-prof): the batches' lookups were 2,500 ms of 40.5 s
 * sampled (6.2%) in the Map, Interner.code 3.2% of the samples with this table.
 */
export class Interner {
  private readonly strings: string[] = [];
  /** Slot i: the string's number plus one (0 for empty) at 2i, its hash at 2i + 1; null once sealed. */
  private slots: Int32Array | null = new Int32Array(2 * FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** findAll's hashes of the strings it looks up. */
  private hashes = new Int32Array(1024);
  /** findAll's strings held at the first slot of each string it looks up (which their hashes match). */
  private readonly held: string[] = [];
  /** What findAll's first passes read, kept so that their reads are not dropped as unused. */
  private touched = 0;

  /** The string's number: NULL_CODE for null, ABSENT_CODE for undefined. */
  code(value: string | null | undefined): number {
    if (typeof value !== "string") return value === null ? NULL_CODE : ABSENT_CODE;
    const hash = hashOf(value);
    const slots = this.slots!;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = slots[2 * i]!;
      if (entry === 0) return this.add(value, hash, i);
      if (slots[2 * i + 1] === hash && this.strings[entry - 1] === value) return entry - 1;
    }
  }

  /**
   * The numbers of the strings already held among `values[indexes[k]]` (k < count), written at
   * their indexes of `codes`; the others' entries are left as they are, to be added by code in the
   * order the fold first uses them. At 1 GiB, where the reading thread's stream of bytes keeps
   * pushing the table out of the caches, code was 422 ms of the main thread (node --cpu-prof): a
   * slot read, then for an id held already its string, each a miss that nothing overlapped, since
   * the fold's work on an event came between two lookups. Here each pass over a batch's ids makes
   * reads independent of each other (the first slots, then the strings they point at), so the
   * processor overlaps their misses, and the lookups proper find both in the caches.
   */
  findAll(values: readonly string[], indexes: Int32Array, count: number, codes: Int32Array) {
    const slots = this.slots!;
    const mask = this.mask;
    const strings = this.strings;
    if (this.hashes.length < count) this.hashes = new Int32Array(Math.max(count, 2 * this.hashes.length));
    const hashes = this.hashes;
    for (let k = 0; k < count; k++) hashes[k] = hashOf(values[indexes[k]!]!);
    // Kept in `touched` so that the compiler does not drop the reads.
    let touched = 0;
    for (let k = 0; k < count; k++) touched |= slots[2 * (hashes[k]! & mask)]!;
    const held = this.held;
    for (let k = 0; k < count; k++) {
      const slot = hashes[k]! & mask;
      const entry = slots[2 * slot]!;
      held[k] = entry !== 0 && slots[2 * slot + 1] === hashes[k] ? strings[entry - 1]! : "";
    }
    for (let k = 0; k < count; k++) touched |= held[k]!.length;
    for (let k = 0; k < count; k++) {
      const value = values[indexes[k]!]!;
      const hash = hashes[k]!;
      for (let i = hash & mask; ; i = (i + 1) & mask) {
        const entry = slots[2 * i]!;
        if (entry === 0) break;
        if (slots[2 * i + 1] === hash && strings[entry - 1] === value) {
          codes[indexes[k]!] = entry - 1;
          break;
        }
      }
    }
    this.touched = touched;
  }

  /**
   * No string is added once the timeline is built, and the lookup table goes: it was 1.9 MB of the
   * 100 MiB bench log's timeline (a slot and a hash entry per distinct session id), and it is
   * what would grow most with a longer log's sessions. Only the numbers' strings are kept.
   */
  seal() {
    this.slots = null;
  }

  string(code: number): string | null | undefined {
    return code >= 0 ? this.strings[code] : code === NULL_CODE ? null : undefined;
  }

  /** Whether the string numbered `code` is "", without asking for the string (see isEmpty's callers). */
  isEmpty(code: number): boolean {
    return this.strings[code] === "";
  }

  /** A new string at the empty slot `i`; the table doubles once half full, so a probe meets an empty slot soon. */
  private add(value: string, hash: number, i: number): number {
    const code = this.strings.length;
    this.strings.push(value);
    const slots = this.slots!;
    slots[2 * i] = code + 1;
    slots[2 * i + 1] = hash;
    if (2 * this.strings.length > this.mask) this.grow();
    return code;
  }

  private grow() {
    this.mask = 2 * this.mask + 1;
    this.slots = rehashSlots(this.slots!, this.mask);
  }
}

export const NULL_CODE = -1;
export const ABSENT_CODE = -2;

const FIRST_SLOTS = 1024;
