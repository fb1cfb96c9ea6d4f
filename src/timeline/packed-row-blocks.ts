import { withRoomFor } from "../grown-column.js";
import { BlockStore, defineHidden, Residence } from "./block-store.js";
import { PackedRows } from "./packed-rows.js";

/** Places a block: a block of the bench logs' lists takes some 50 KB (PackedRows: two bytes a place, its bases, its wide groups). */
export const BLOCK_BITS = 14;
export const BLOCK_PLACES = 1 << BLOCK_BITS;
const PLACE_MASK = BLOCK_PLACES - 1;

/** A block of places' rows, and the rows put while it was out of memory. */
class RowBlock {
  /** Hidden, as the store's other blocks' (see defineHidden). */
  declare readonly residence: Residence;
  rows: PackedRows;
  /**
   * Rows put while the block was out of memory, pairs of (place in the block, row), in the order
   * put: put in the block when it is read back (PackedRowBlocks.takeWaiting). They are later than
   * every row the block holds, as PackedRows needs (a group's first row its least).
   */
  waiting: Int32Array | null = null;
  waitingCount = 0;

  constructor(length: number) {
    defineHidden<RowBlock>(this, "residence", new Residence());
    this.rows = new PackedRows(length);
  }
}

const COLUMNS = ["rows"] as const;

/**
 * Rows of lists side by side (the sessions' requests: groupRows), as PackedRows keeps them, in
 * blocks of BLOCK_PLACES places that leave memory past `residentBlocks` (block-store.ts). In
 * memory, every session's rows were 21.6 MiB of the 4 GiB events log's hypotheses and 43.1 of the
 * 8 GiB log's (heap snapshots), the largest thing there that grew with the log.
 *
 * The rows are put in row order, each at its session's next place: mostly in the blocks of the
 * sessions made last, but a session kept alive for hours puts rows in a block long left behind.
 * Read back at each such put, the 4 GiB log's lists would read blocks back 529,000 times with 32
 * kept (16 GB; an LRU simulated on its 6.5 million puts). So a put to a block out of memory waits
 * beside it (RowBlock.waiting) until the block is read back, and once `maxWaiting` wait, the block
 * with the most is read back to take its own: the same simulation left 4.2 MiB waiting at most,
 * 64 blocks kept, had nothing been read back. So bounded, the 4 GiB log's grouping read 637 blocks
 * back for its 400, the 8 GiB log's 2,218 for 800.
 *
 * Read by place: each read compares the block with the store's current one, and a pass over the
 * lists in the order of their places reads each block back once. A pass that reads places in
 * another order must keep to the blocks the store keeps (placesPerPass).
 */
export class PackedRowBlocks {
  /** Blocks kept in memory: some 3 MB. */
  static residentBlocks = 64;
  /** Rows that wait, at most, before a block is read back to take its: 1 MiB of pairs. */
  static maxWaiting = 1 << 17;

  declare private readonly store: BlockStore<RowBlock>;
  declare private readonly blocks: RowBlock[];
  private waiting = 0;

  constructor(
    /** How many places. */
    readonly length: number,
    private readonly residentBlocks = PackedRowBlocks.residentBlocks,
    private readonly maxWaiting = PackedRowBlocks.maxWaiting,
  ) {
    defineHidden<PackedRowBlocks>(this, "store" as keyof PackedRowBlocks, new BlockStore<RowBlock>(residentBlocks, COLUMNS, "the sessions' request lists"));
    defineHidden<PackedRowBlocks>(this, "blocks" as keyof PackedRowBlocks, []);
  }

  /**
   * Places a pass that reads places in an order of its own may span without reading a block back
   * twice: the blocks kept, less the block made last (which the store keeps whatever is used) and
   * one for a pass that starts mid-block. Less only the first, the 4 GiB events log's longest
   * survived gap read 815 blocks back, against 399 for a pass in place order.
   */
  get placesPerPass(): number {
    return Math.max(1, this.residentBlocks - 2) * BLOCK_PLACES;
  }

  /** Puts `row` at `place`, as PackedRows.put: the rows in increasing order, wherever their places. Then finish. */
  put(place: number, row: number) {
    const number = place >>> BLOCK_BITS;
    let block = this.blocks[number];
    if (block === undefined) {
      // Made when first put to, which is not in the order of their numbers (a session made later
      // may be used before one made earlier): the array has holes until every place is put.
      block = new RowBlock(Math.min(BLOCK_PLACES, this.length - number * BLOCK_PLACES));
      this.blocks[number] = block;
      this.store.added(block);
    } else if (!block.residence.resident) {
      this.wait(block, place & PLACE_MASK, row);
      return;
    } else {
      this.store.use(block);
    }
    block.rows.put(place & PLACE_MASK, row);
    block.residence.dirty = true;
  }

  /** Once every place is put: the rows that wait put in their blocks. */
  finish(): this {
    for (const block of this.blocks) if (block !== undefined && block.waitingCount > 0) this.takeWaiting(block);
    return this;
  }

  get(place: number): number {
    const block = this.blocks[place >>> BLOCK_BITS]!;
    if (this.store.current !== block) this.store.use(block);
    return block.rows.get(place & PLACE_MASK);
  }

  /** The rows in an Int32Array: for tests. */
  toInt32Array(): Int32Array {
    return Int32Array.from({ length: this.length }, (_, place) => this.get(place));
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** How many blocks were read back: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
  }

  private wait(block: RowBlock, place: number, row: number) {
    const at = 2 * block.waitingCount++;
    if (block.waiting === null || at + 1 >= block.waiting.length) block.waiting = withRoomFor(block.waiting ?? new Int32Array(16), at + 1);
    block.waiting[at] = place;
    block.waiting[at + 1] = row;
    if (++this.waiting < this.maxWaiting) return;
    let most = block;
    for (const other of this.blocks) if (other !== undefined && other.waitingCount > most.waitingCount) most = other;
    this.takeWaiting(most);
  }

  /** Reads the block back and puts the rows that wait beside it, in the order they were put. */
  private takeWaiting(block: RowBlock) {
    this.store.use(block);
    const { waiting, waitingCount } = block;
    for (let i = 0; i < waitingCount; i++) block.rows.put(waiting![2 * i]!, waiting![2 * i + 1]!);
    block.residence.dirty = true;
    block.waiting = null;
    block.waitingCount = 0;
    this.waiting -= waitingCount;
  }
}
