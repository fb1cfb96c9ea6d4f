import { BlockStore, defineHidden, SingleReads, VALUES, ValuesBlock } from "./block-store.js";

/** The largest Uint32: no request yet, while the positions fit in four bytes. */
const NONE = 0xffffffff;
/** Numbers per block (16 KiB while four bytes). */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;
/**
 * Blocks in memory: 4 MiB of numbers, the last million ids. The ids requests carry are mostly
 * recent: of the 6.55 million notes of the 4 GiB events log (1.5 million ids), 91 % were of an id
 * within 64 blocks of the newest, 96.5 % within 128 and 99.6 % within 256 (an instrumented copy).
 * The 1 GiB bench log (91 blocks) keeps every block in memory.
 */
const RESIDENT_BLOCKS = 256;
/** Numbers of a block out of memory read or written alone before the block is read back whole (SingleReads). */
const SINGLES_PER_BLOCK = 32;

/**
 * The log position of the first request to carry each session id, by the id's number in the
 * timeline's strings (interner.ts): a typed array read at the number, where a Map by id kept an
 * entry per session for the whole fold and hashed the id at each request. Four bytes a number while
 * every position is below NONE (a log of some 4 billion events), eight after. In blocks of
 * BLOCK_ROWS numbers, made where a number lands: one array doubled held up to twice the numbers and
 * copied them at each growth, 8 MB allocated over the 2 GiB events log's fold (825,000 numbers) for
 * 4 held at its end.
 *
 * All but RESIDENT_BLOCKS of the blocks leave memory (block-store.ts): kept, they were four bytes a
 * session for the whole fold, the part of the fold's memory that grew most with the log (21.6 MiB
 * in 1,385 blocks 200 s into the 16 GiB events log's walk: bench/live-buffers.cjs, live typed
 * arrays by where they were made). A number out of memory is read, and written, alone from the file
 * (readSpilled, writeSpilled), up to SINGLES_PER_BLOCK - 1 times a block before the block is read
 * back whole, as the session table's lives are.
 */
export class FirstUse {
  /** Blocks kept in memory at most: a static that tests set smaller. */
  static residentBlocks = RESIDENT_BLOCKS;

  /** The blocks and their store: hidden (defineHidden), as a store changes at every read. */
  declare private readonly store: BlockStore<ValuesBlock<Uint32Array | Float64Array>>;
  private readonly blocks: (ValuesBlock<Uint32Array | Float64Array> | undefined)[] = [];
  /** What stands for "no request yet": NONE while four bytes, NaN once widened. */
  private none = NONE;
  /** By block: its numbers read or written alone since it was last read back whole. */
  private readonly singles = new SingleReads(SINGLES_PER_BLOCK);
  /** A number read alone from the file, in either width. */
  private readonly read4 = new Uint32Array(1);
  private readonly read8 = new Float64Array(1);

  constructor() {
    defineHidden<FirstUse>(this, "store" as keyof FirstUse, new BlockStore<ValuesBlock<Uint32Array | Float64Array>>(FirstUse.residentBlocks, VALUES, "the session ids' first uses"));
  }

  /** A request at `seq` carried the id numbered `code`. */
  note(code: number, seq: number) {
    const index = code >>> BLOCK_BITS;
    const block = this.blocks[index] ?? this.made(index);
    const k = code & BLOCK_MASK;
    if (seq >= NONE && this.none === NONE) this.widen();
    if (!block.residence.resident && this.singles.readAlone(index)) {
      const one = this.readAlone(block, k);
      if (one[0] !== this.none && one[0] === one[0]) return;
      one[0] = seq;
      if (this.store.writeSpilled(block, "values", one.BYTES_PER_ELEMENT * k, one)) return;
    }
    const values = this.inMemory(block).values;
    const held = values[k]!;
    if (held !== this.none && held === held) return;
    values[k] = seq;
    block.residence.dirty = true;
  }

  /** Where the id numbered `code` was first carried, or undefined when no request carried it yet. */
  of(code: number): number | undefined {
    const index = code >>> BLOCK_BITS;
    const block = this.blocks[index];
    if (block === undefined) return undefined;
    const k = code & BLOCK_MASK;
    const seq = !block.residence.resident && this.singles.readAlone(index) ? this.readAlone(block, k)[0]! : this.inMemory(block).values[k]!;
    return seq === this.none || seq !== seq ? undefined : seq;
  }

  /** How many blocks are out of memory, and how many were read back: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  get blocksReadBack(): number {
    return this.store.readBack;
  }

  /** Number `k` of a block out of memory, read from the file alone into a one-number array of the blocks' width. */
  private readAlone(block: ValuesBlock<Uint32Array | Float64Array>, k: number): Uint32Array | Float64Array {
    const one = this.none === NONE ? this.read4 : this.read8;
    this.store.readSpilled(block, "values", one.BYTES_PER_ELEMENT * k, one.BYTES_PER_ELEMENT, one.buffer as ArrayBuffer);
    return one;
  }

  private inMemory(block: ValuesBlock<Uint32Array | Float64Array>): ValuesBlock<Uint32Array | Float64Array> {
    if (this.store.current !== block) this.store.use(block);
    return block;
  }

  /** The block at `index`, every number in it none. */
  private made(index: number): ValuesBlock<Uint32Array | Float64Array> {
    while (this.blocks.length < index) this.blocks.push(undefined);
    const block = new ValuesBlock<Uint32Array | Float64Array>((this.none === NONE ? new Uint32Array(BLOCK_ROWS) : new Float64Array(BLOCK_ROWS)).fill(this.none));
    this.blocks[index] = block;
    this.store.added(block);
    return block;
  }

  /** To eight bytes a number, NaN for none: each block read back in turn, and written again wider when it leaves. */
  private widen() {
    for (const block of this.blocks) {
      if (block === undefined) continue;
      const values = this.inMemory(block).values;
      block.values = Float64Array.from(values, (seq) => (seq === NONE ? Number.NaN : seq));
      block.residence.dirty = true;
    }
    this.none = Number.NaN;
  }
}
