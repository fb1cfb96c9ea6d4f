import { ClockSlots } from "./clock-slots.js";

/** Where a row's numbers live when not in a slot: its block, in memory or out of it (block-store.ts). */
export interface SlotHome {
  /** Copies the `stride` numbers of row `key` to `into`, from `at`. */
  read(key: number, into: Int32Array, at: number): void;
  /** Writes the `stride` numbers of row `key` from `from`, from `at`. */
  write(key: number, from: Int32Array, at: number): void;
}

/**
 * A fixed count of rows' numbers (`stride` Int32s a row, a row known by its key, 0 or more), held
 * in slots while used and in their home otherwise: a row takes a slot at its first read or write,
 * read from its home, and gives it back, written home if changed, when the clock finds it unused
 * (clock-slots.ts). The walk writes a session's end, marks and stream closures all along its life
 * (SessionTable): its closures and its DELETE while its client uses it, its end some idle time
 * after, in about the order sessions were made. What a slot holds is what the home would: which
 * rows are in slots changes where the numbers are, never what they are. Finding a row changes the
 * slots: an owner holds this out of sight of a frozen timeline and a deep comparison (defineHidden).
 */
export class LifeSlots {
  private readonly slots: ClockSlots;
  private readonly values: Int32Array;
  /** By slot: 1 when its numbers differ from its home's. */
  private readonly dirty: Uint8Array;
  private readonly giveBack = (slot: number) => {
    if (this.dirty[slot] === 1) this.writeHome(slot);
  };

  constructor(
    private readonly stride: number,
    count: number,
    private readonly home: SlotHome,
  ) {
    this.slots = new ClockSlots(count);
    this.values = new Int32Array(stride * count);
    this.dirty = new Uint8Array(count);
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
    const { slots } = this;
    const changed: number[] = [];
    for (let slot = 0; slot < slots.taken; slot++) if (this.dirty[slot] === 1) changed.push(slot);
    changed.sort((a, b) => slots.keyOf(a) - slots.keyOf(b));
    for (const slot of changed) this.writeHome(slot);
  }

  private slotOf(key: number): number {
    let slot = this.slots.find(key);
    if (slot !== -1) return slot;
    slot = this.slots.take(key, this.giveBack);
    this.home.read(key, this.values, this.stride * slot);
    this.dirty[slot] = 0;
    return slot;
  }

  private writeHome(slot: number) {
    this.home.write(this.slots.keyOf(slot), this.values, this.stride * slot);
    this.dirty[slot] = 0;
  }
}
