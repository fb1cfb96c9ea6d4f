import { SpillFile } from "./spill-file.js";

/**
 * The lookup tables of the session ids' older generations (Interner.age): one table a generation,
 * written to a temporary file once made, and asked by reading a few of its slots from there. A
 * busy server's log names its sessions' ids again for minutes, hours at most, after it made them
 * (the 4 GiB events log: of 2.57 million lookups that found an id, none found one made more than 2
 * million ids before, and only 1,116 ids were found 512 K ids or more after they were made), so an
 * old generation is asked for an id seldom, and its table need not take memory: what the file
 * holds, memory does not, and the interner's table no longer grows with the log.
 *
 * A table is open addressing, linear probing without wrapping (a run that meets the end goes on in
 * slots past it), twice the slots as its generation's ids: a probe reads some 1.5 slots for an id
 * held and 2.5 for one not (Knuth), so WINDOW slots read together nearly always end it. A slot
 * holds the id's index in its generation plus one in the mask's bits, and its hash's bits above
 * the mask (a tag), as the interner's table does: an id's words are compared only when tags match.
 */
export class AgedIds {
  private readonly kept: AgedTable[] = [];
  /** Opened at the first table; null when it could not be (tables then stay in memory). */
  private file: SpillFile | null | undefined = undefined;
  private readonly window = new Int32Array(WINDOW);
  /** The slots of the table written last, cleared for the next: not garbage of 2 MiB a generation. */
  private spare: Int32Array | null = null;
  /** How many slots were read from the file: for tests and measures. */
  slotReads = 0;

  constructor(
    /** How many slots a table has before its overflow: a power of two, at least twice the ids of a generation. */
    private readonly size: number,
  ) {}

  /** How many tables were kept. */
  get tables(): number {
    return this.kept.length;
  }

  /** A table for a generation: its ids go in with AgedTable.add, then it is kept (keep). */
  newTable(from: number): AgedTable {
    const table = new AgedTable(from, this.size, this.spare?.fill(0) ?? new Int32Array(this.size + WINDOW));
    this.spare = null;
    return table;
  }

  /** Keeps `table`, the newest, in the file when it can. */
  keep(table: AgedTable) {
    if (this.file === undefined) this.file = SpillFile.open("the session ids");
    const file = this.file;
    const position = file?.end ?? 0;
    if (file !== null && file.write([table.slots!], [position])) this.spare = table.spilledAt(position);
    this.kept.push(table);
  }

  /**
   * The number of the id hashed `hash` whose words are at `words[at]` when an older generation has
   * it, else -1: the tables are asked newest first, and `holds(code, words, at)` decides whether
   * the id numbered `code`, whose tag matches, is that id.
   */
  find(hash: number, words: Int32Array, at: number, holds: (code: number, words: Int32Array, at: number) => boolean): number {
    const mask = this.size - 1;
    const tag = hash & ~mask;
    for (let t = this.kept.length - 1; t >= 0; t--) {
      const table = this.kept[t]!;
      // Slot i of the table is slots[i - offset]: read from the file, WINDOW slots at a time.
      let slots = table.slots;
      let offset = 0;
      let end = table.length;
      for (let i = hash & mask; i < table.length; i++) {
        if (slots === null || i === end) {
          const size = Math.min(WINDOW, table.length - i);
          this.file!.read(table.position + 4 * i, 4 * size, this.window.buffer as ArrayBuffer);
          this.slotReads += size;
          slots = this.window;
          offset = i;
          end = i + size;
        }
        const slot = slots[i - offset]!;
        if (slot === 0) break;
        if ((slot & ~mask) === tag && holds(table.from + (slot & mask) - 1, words, at)) return table.from + (slot & mask) - 1;
      }
    }
    return -1;
  }
}

/** One generation's table (see AgedIds): in memory while made, then in the file (`slots` null) unless the file could not take it. */
export class AgedTable {
  /** Where the table starts in the file, once written. */
  position = -1;
  private written = 0;

  constructor(
    /** The number of the generation's first id. */
    readonly from: number,
    private readonly size: number,
    /** `size` slots and an overflow, all empty. */
    public slots: Int32Array | null,
  ) {}

  /** How many slots, the overflow past `size` included. */
  get length(): number {
    return this.slots?.length ?? this.written;
  }

  /** Puts the id numbered `code`, of this generation, hashed `hash`. */
  add(code: number, hash: number) {
    const mask = this.size - 1;
    let slots = this.slots!;
    let i = hash & mask;
    while (slots[i] !== 0) {
      if (++i === slots.length) this.slots = slots = grownBy(slots, WINDOW);
    }
    slots[i] = (hash & ~mask) | (code - this.from + 1);
  }

  /** The table is in the file at `position`: its slots, given back. */
  spilledAt(position: number): Int32Array {
    const slots = this.slots!;
    this.written = slots.length;
    this.position = position;
    this.slots = null;
    return slots;
  }
}

function grownBy(slots: Int32Array, more: number): Int32Array {
  const to = new Int32Array(slots.length + more);
  to.set(slots);
  return to;
}

/** Slots read from the file at a time: 64 bytes. */
const WINDOW = 16;
