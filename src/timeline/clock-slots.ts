/** The hash's empty place. */
const EMPTY = -1;

/**
 * A fixed number of slots, each holding what its owner keeps for one key (a session's ordinal, a
 * string's number: 0 or more), found by key in a hash; a key without a slot takes one, and when
 * none is free the first the clock finds unused since it last passed is given back (CLOCK, an
 * approximation of least recently used): its owner writes what it held elsewhere (a block that may
 * leave memory, block-store.ts) before the slot is reused. Finding a key changes the slots (a mark, the last slot
 * found): an owner holds them out of sight of a frozen timeline and of a deep comparison
 * (defineHidden), as a store's residence is. What stays in slots is what was used lately, whatever
 * the keys' order: the sessions a busy server keeps alive from a log's start to its end lie in
 * blocks all over, and blocks alone would be read back over and over.
 */
export class ClockSlots {
  /**
   * By hash place, the key (EMPTY for none) and its slot side by side, so that a probe reads one
   * cache line: open addressing, linear probing, twice the places as slots, so probes stay short.
   * The profile could not tell it from keys and slots in two arrays: SessionUses.slotOf, where the
   * lookup is inlined, 125 against 127 ms self at 1 GiB (node --cpu-prof, one run each).
   */
  private readonly entries: Int32Array;
  private readonly mask: number;
  /** The hash has 2 ** (32 - shift) places: a key's home is the top bits of its product with 2 ** 32 / φ. */
  private readonly shift: number;
  /** The key each slot holds: EMPTY for a slot not taken. */
  private readonly slotKeys: Int32Array;
  /** The slot found or taken last: a key asked again at once (a session's requests one after another) is found without a probe. */
  private last = 0;
  /** Slots taken so far: the first `taken` hold keys. */
  taken = 0;
  private hand = 0;
  /** Whether the slot was used since the clock passed it. */
  private readonly used: Uint8Array;

  constructor(readonly count: number) {
    let bits = 1;
    while (1 << bits < 2 * count) bits++;
    this.entries = new Int32Array(2 << bits).fill(EMPTY);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.slotKeys = new Int32Array(count).fill(EMPTY);
    this.used = new Uint8Array(count);
  }

  /** The slot holding `key` (0 or more), marked used; -1 for none. */
  find(key: number): number {
    let slot = this.last;
    if (this.slotKeys[slot] !== key) {
      const entries = this.entries;
      let place = this.home(key);
      for (;;) {
        const held = entries[2 * place]!;
        if (held === key) break;
        if (held === EMPTY) return -1;
        place = (place + 1) & this.mask;
      }
      slot = this.last = entries[2 * place + 1]!;
    }
    this.used[slot] = 1;
    return slot;
  }

  /** The key slot `slot` holds (slot < taken). */
  keyOf(slot: number): number {
    return this.slotKeys[slot]!;
  }

  /**
   * A slot for `key`, which has none, marked used: a free one while some are left, else the first
   * the clock finds unused, after `giveBack(slot)` lets its owner keep elsewhere what it held.
   */
  take(key: number, giveBack: (slot: number) => void): number {
    let slot: number;
    if (this.taken < this.count) {
      slot = this.taken++;
    } else {
      const used = this.used;
      let hand = this.hand;
      while (used[hand] === 1) {
        used[hand] = 0;
        hand = hand + 1 === this.count ? 0 : hand + 1;
      }
      slot = hand;
      this.hand = hand + 1 === this.count ? 0 : hand + 1;
      giveBack(slot);
      this.forget(this.slotKeys[slot]!);
    }
    this.slotKeys[slot] = key;
    this.used[slot] = 1;
    this.last = slot;
    const entries = this.entries;
    let place = this.home(key);
    while (entries[2 * place] !== EMPTY) place = (place + 1) & this.mask;
    entries[2 * place] = key;
    entries[2 * place + 1] = slot;
    return slot;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** Takes `key` out of the hash, moving back the keys after it that would no longer be found (linear probing's deletion). */
  private forget(key: number) {
    const { entries, mask } = this;
    let hole = this.home(key);
    while (entries[2 * hole] !== key) hole = (hole + 1) & mask;
    for (let next = (hole + 1) & mask; entries[2 * next] !== EMPTY; next = (next + 1) & mask) {
      const home = this.home(entries[2 * next]!);
      // Left where it is when its home lies after the hole, up to it (cyclically).
      if (hole <= next ? home > hole && home <= next : home > hole || home <= next) continue;
      entries[2 * hole] = entries[2 * next]!;
      entries[2 * hole + 1] = entries[2 * next + 1]!;
      hole = next;
    }
    entries[2 * hole] = EMPTY;
  }
}
