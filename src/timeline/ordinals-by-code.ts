/** Codes a block. */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;
/** A narrow block's distance for a code without a value. */
const NO_DISTANCE = -0x8000;
/** A block's base once it keeps its values as they are. */
const WIDE = -1;

/**
 * Positive integers by number (0 for none), numbers given in about the order of their values: each
 * id's session (its ordinal, and a flag) by the id's number in the strings (SessionTracker). Blocks
 * of 4,096 numbers, each value two bytes, its distance from its block's first value; a block with
 * a value too far from its first keeps its values as they are, four bytes each. An Int32Array by
 * number, grown by doubling, was 8 MB at the 4 GiB events log's walk's end, its peak (some 2
 * million strings, a heap snapshot, bench/heap-retained.mjs), and 16 while the copy was made at
 * each doubling. A block's ids were interned one after another, and their sessions made so.
 */
export class OrdinalsByCode {
  /** By block: its first value, WIDE, or 0 while it has none. */
  private bases = new Int32Array(64);
  private readonly narrow: Int16Array[] = [];
  private readonly wide: Int32Array[] = [];

  /** The value at `code`, 0 for none. */
  get(code: number): number {
    const block = code >>> BLOCK_BITS;
    if (block >= this.narrow.length) return 0;
    const base = this.bases[block]!;
    if (base === WIDE) return this.wide[block]![code & BLOCK_MASK]!;
    const distance = this.narrow[block]![code & BLOCK_MASK]!;
    return distance === NO_DISTANCE ? 0 : base + distance;
  }

  /** `value` is a positive integer below 2 ** 31. */
  set(code: number, value: number) {
    const block = code >>> BLOCK_BITS;
    while (block >= this.narrow.length) this.addBlock();
    let base = this.bases[block]!;
    if (base === 0) base = this.bases[block] = value;
    if (base === WIDE) {
      this.wide[block]![code & BLOCK_MASK] = value;
      return;
    }
    const distance = value - base;
    if (distance > NO_DISTANCE && distance <= 0x7fff) {
      this.narrow[block]![code & BLOCK_MASK] = distance;
      return;
    }
    const wide = new Int32Array(BLOCK_ROWS);
    for (let i = 0; i < BLOCK_ROWS; i++) wide[i] = this.get((block << BLOCK_BITS) | i);
    wide[code & BLOCK_MASK] = value;
    this.wide[block] = wide;
    this.narrow[block] = EMPTY_NARROW;
    this.bases[block] = WIDE;
  }

  private addBlock() {
    const block = this.narrow.length;
    if (block === this.bases.length) {
      const bases = new Int32Array(2 * block);
      bases.set(this.bases);
      this.bases = bases;
    }
    this.narrow.push(new Int16Array(BLOCK_ROWS).fill(NO_DISTANCE));
  }
}

/** What a widened block keeps of its narrow array: nothing. */
const EMPTY_NARROW = new Int16Array(0);
