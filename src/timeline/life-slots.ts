/** Where a row's numbers live when not in a slot: its block, in memory or out of it (block-store.ts). */
export interface SlotHome {
  /** Copies the `stride` numbers of row `key` to `into`, from `at`. */
  read(key: number, into: Int32Array, at: number): void;
  /** Writes the `stride` numbers of row `key` from `from`, from `at`. */
  write(key: number, from: Int32Array, at: number): void;
}

/** A slot holding no row. */
const EMPTY = -1;

/**
 * Rows' numbers (`stride` Int32s a row, a row known by its key, 0 or more), held in slots while
 * used and in their home otherwise: a row takes a slot at its first read or write, read from its
 * home, and gives it back, written home if changed, when another row needs the slot. The walk
 * writes a session's end, marks and stream closures all along its life (SessionTable): its closures
 * and its DELETE while its client uses it, its end some idle time after, and it asks for them at
 * every request (the unknown-session rule), 4.2 million times at 1 GiB. What a slot holds is what
 * the home would: which rows are in slots changes where the numbers are, never what they are.
 *
 * Two slots a set, a row's set the low bits of its key: sessions are numbered in the order they
 * were made, so the sessions alive at once (recent ones, and a few old ones kept alive by their
 * clients) fall in different sets, and a set's two hold an old session beside a new one. Its find
 * is two compares. A hash with a clock (clock-slots.ts, as SessionUses has) took 500 ms more of
 * the 1 GiB events log's 12.5 s of CPU than columns in memory did (node --cpu-prof: its probes, and
 * the deletions of the rows given back). Finding a row changes the slots: an owner holds this
 * out of sight of a frozen timeline and a deep comparison (defineHidden).
 */
export class LifeSlots {
  /** By slot, the key of the row it holds, EMPTY for none: set s has slots 2s and 2s + 1. */
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  /** By slot: 1 when its numbers differ from its home's. */
  private readonly dirty: Uint8Array;
  /** By set: which of its two slots was found last (0 or 1); the other is given back first. */
  private readonly latest: Uint8Array;
  private readonly mask: number;

  constructor(
    private readonly stride: number,
    /** How many slots: twice a power of two, 2 at least. */
    count: number,
    private readonly home: SlotHome,
  ) {
    let sets = 1;
    while (2 * sets * 2 <= count) sets *= 2;
    this.mask = sets - 1;
    this.keys = new Int32Array(2 * sets).fill(EMPTY);
    this.values = new Int32Array(stride * 2 * sets);
    this.dirty = new Uint8Array(2 * sets);
    this.latest = new Uint8Array(sets);
  }

  /** Number `field` (below the stride) of row `key`. */
  get(key: number, field: number): number {
    return this.values[this.stride * this.slotOf(key) + field]!;
  }

  set(key: number, field: number, value: number) {
    const slot = this.slotOf(key);
    this.values[this.stride * slot + field] = value;
    this.dirty[slot] = 1;
  }

  /** Every changed slot written home, in the order of the keys (a block's rows one after another); the slots stay as they are. */
  writeAll() {
    const changed: number[] = [];
    for (let slot = 0; slot < this.keys.length; slot++) if (this.dirty[slot] === 1) changed.push(slot);
    changed.sort((a, b) => this.keys[a]! - this.keys[b]!);
    for (const slot of changed) this.writeHome(slot);
  }

  private slotOf(key: number): number {
    const set = key & this.mask;
    const keys = this.keys;
    let slot = 2 * set;
    if (keys[slot] !== key) {
      slot++;
      if (keys[slot] !== key) return this.take(key, set);
    }
    this.latest[set] = slot & 1;
    return slot;
  }

  /** The slot of its set found less lately, given back and read for `key`. */
  private take(key: number, set: number): number {
    const slot = 2 * set + (this.latest[set]! ^ 1);
    if (this.dirty[slot] === 1) this.writeHome(slot);
    this.keys[slot] = key;
    this.home.read(key, this.values, this.stride * slot);
    this.latest[set] = slot & 1;
    return slot;
  }

  private writeHome(slot: number) {
    this.home.write(this.keys[slot]!, this.values, this.stride * slot);
    this.dirty[slot] = 0;
  }
}
