import { NearColumn, NONE } from "./near-column.js";

/** Codes a block. */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;

/**
 * Positive integers by number (0 for none), numbers given in about the order of their values: each
 * id's session (its ordinal, and a flag) by the id's number in the strings (SessionTracker). Blocks
 * of 4,096 numbers, each a NearColumn: two bytes a value, its distance from its block's first,
 * wider when a value lies 32,768 or more from it. An Int32Array by number, grown by doubling, was 8
 * MB at the 4 GiB events log's walk's end, its peak (some 2 million strings, a heap snapshot,
 * bench/heap-retained.mjs), and 16 while the copy was made at each doubling. A block's ids were
 * interned one after another, and their sessions made so.
 */
export class OrdinalsByCode {
  private readonly blocks: NearColumn[] = [];

  /** The value at `code`, 0 for none. */
  get(code: number): number {
    const block = this.blocks[code >>> BLOCK_BITS];
    if (block === undefined) return 0;
    const value = block.get(code & BLOCK_MASK);
    return value === NONE ? 0 : value;
  }

  /** `value` is a positive integer below 2 ** 31. */
  set(code: number, value: number) {
    const index = code >>> BLOCK_BITS;
    while (index >= this.blocks.length) this.blocks.push(new NearColumn(BLOCK_ROWS));
    this.blocks[index]!.set(code & BLOCK_MASK, value);
  }
}
