import { BlockStore, defineHidden, Residence } from "./block-store.js";
import { NearColumn, NONE } from "./near-column.js";

/** Codes a block. */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;

/** A block's values, and those read while it was out of memory. */
class CodeBlock {
  /** Hidden, as the store's other blocks' (see defineHidden). */
  declare readonly residence: Residence;
  readonly column = new NearColumn(BLOCK_ROWS);
  /** The values of its codes read while the block was out of memory, each as it is now (see OrdinalsByCode). */
  known: Map<number, number> | null = null;

  constructor() {
    defineHidden<CodeBlock>(this, "residence", new Residence());
  }
}

const COLUMNS = ["column"] as const;

/**
 * Positive integers by number (0 for none), numbers given in about the order of their values: each
 * id's session (its ordinal, and a flag) by the id's number in the strings (SessionTracker). Blocks
 * of 4,096 numbers, each a NearColumn: two bytes a value, its distance from its block's first,
 * wider when a value lies 32,768 or more from it. An Int32Array by number, grown by doubling, was 8
 * MB at the 4 GiB events log's walk's end, its peak (some 2 million strings, a heap snapshot,
 * bench/heap-retained.mjs), and 16 while the copy was made at each doubling. A block's ids were
 * interned one after another, and their sessions made so.
 *
 * Past `residentBlocks`, blocks leave memory (block-store.ts): in memory, the blocks were 5.6 MiB
 * at the 8 GiB events log's walk's end and grew with the log. The walk asks for the ids of the
 * sessions made last, but also for those of the few thousand sessions kept alive for hours (as
 * LatestUses finds): a value read while its block is out of memory is read back once and kept
 * beside the block (`known`), kept up at each set.
 */
export class OrdinalsByCode {
  /** Blocks kept in memory: some 260 KB. */
  static residentBlocks = 32;

  declare private readonly store: BlockStore<CodeBlock>;
  declare private readonly blocks: CodeBlock[];

  constructor(residentBlocks = OrdinalsByCode.residentBlocks) {
    defineHidden<OrdinalsByCode>(this, "store" as keyof OrdinalsByCode, new BlockStore<CodeBlock>(residentBlocks, COLUMNS, "the session ids' sessions"));
    defineHidden<OrdinalsByCode>(this, "blocks" as keyof OrdinalsByCode, []);
  }

  /** The value at `code`, 0 for none. */
  get(code: number): number {
    const block = this.blocks[code >>> BLOCK_BITS];
    if (block === undefined) return 0;
    const i = code & BLOCK_MASK;
    if (!block.residence.resident) {
      const known = block.known?.get(i);
      if (known !== undefined) return known;
      this.store.use(block);
      const value = valueAt(block, i);
      (block.known ??= new Map()).set(i, value);
      return value;
    }
    if (this.store.current !== block) this.store.use(block);
    return valueAt(block, i);
  }

  /** `value` is a positive integer below 2 ** 31. */
  set(code: number, value: number) {
    const index = code >>> BLOCK_BITS;
    const { blocks, store } = this;
    while (index >= blocks.length) {
      const block = new CodeBlock();
      blocks.push(block);
      store.added(block);
    }
    const block = blocks[index]!;
    const i = code & BLOCK_MASK;
    if (block.known?.has(i)) block.known.set(i, value);
    if (store.current !== block) store.use(block);
    block.column.set(i, value);
    block.residence.dirty = true;
  }

  /** How many blocks were read back: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }
}

/** The block's value at `i`, 0 for none; the block in memory. */
function valueAt(block: CodeBlock, i: number): number {
  const value = block.column.get(i);
  return value === NONE ? 0 : value;
}
