import { BlockStore, defineHidden, VALUES, ValuesBlock } from "./block-store.js";

/** A value none is (a session without a stream closure), kept at no stretch's cost. */
export const NONE = -1;

const NEAR_STRETCH_BITS = 8;
const NEAR_STRETCH = 1 << NEAR_STRETCH_BITS;
const NEAR_STRETCH_MASK = NEAR_STRETCH - 1;
/** The base of a stretch kept aside: no stretch of non-negative values has it as its least. */
const WIDE = -1;
/** The distance that stands for NONE: a stretch's distances are below it. */
const NO_DISTANCE = 0xffff;

/** Distances a block: 128 KB of them. */
const BLOCK_BITS = 16;
/**
 * Blocks kept in memory a list: two, as the passes read a list in its order (a session's start and
 * the next one's may lie in two blocks). In memory, the 8 GiB events log's sessions' request-list
 * starts and abandoned sessions were 5.6 and 4.7 MiB (a heap snapshot after the hypotheses), held
 * from the fold's end through the report, and twice that at 16 GiB.
 */
const RESIDENT_BLOCKS = 2;

/**
 * Non-negative integers that lie near their neighbours (rows in log order, positions in a list
 * mostly in order, where the sessions' lists of rows start), or NONE: each as its distance from
 * the least of its stretch of NEAR_STRETCH values, in blocks of 65,536 (Uint16Arrays) that leave
 * memory but for two (block-store.ts); a stretch whose values span 65,535 or more (or that holds
 * another negative) is kept aside as it is, its base WIDE. At 1 GiB,
 * 256 of the re-initializes' rows span at most 1,571, the sessions' starts in the list of every
 * session's requests some 1,100 (4.4 requests a session), and 5 of the 1,750 stretches of the
 * sessions the losses name in their own column (NamedSessions) span more: two bytes a value where
 * an Int32Array took four.
 */
export class NearInts {
  /** The blocks of distances and their store: hidden (defineHidden), as a store changes at every read, whatever is frozen. */
  declare private readonly store: BlockStore<ValuesBlock<Uint16Array>>;
  declare private readonly blocks: readonly ValuesBlock<Uint16Array>[];

  private constructor(
    private readonly bases: Int32Array,
    /** The stretches whose base is WIDE, by their number. */
    private readonly wide: ReadonlyMap<number, Int32Array>,
    readonly length: number,
    private readonly blockBits: number,
    /** The place of a value in its block: its low blockBits bits. */
    private readonly blockMask: number,
    store: BlockStore<ValuesBlock<Uint16Array>>,
    blocks: ValuesBlock<Uint16Array>[],
  ) {
    defineHidden<NearInts>(this, "store" as keyof NearInts, store);
    defineHidden<NearInts>(this, "blocks" as keyof NearInts, blocks);
  }

  static readonly NONE = NearInts.of(new Int32Array(0), "no values");

  /**
   * `values`, in blocks of 2^blockBits distances (a multiple of a stretch), all but `residentBlocks`
   * of them out of memory; `table` names them as an error does ("the sessions' request lists").
   */
  static of(values: Int32Array, table: string, blockBits = BLOCK_BITS, residentBlocks = RESIDENT_BLOCKS): NearInts {
    if (blockBits < NEAR_STRETCH_BITS) throw new Error(`NearInts: blocks of 2^${blockBits} values cut a stretch of ${NEAR_STRETCH}`);
    const n = values.length;
    const bases = new Int32Array(Math.ceil(n / NEAR_STRETCH));
    const wide = new Map<number, Int32Array>();
    const store = new BlockStore<ValuesBlock<Uint16Array>>(residentBlocks, VALUES, table);
    const blocks: ValuesBlock<Uint16Array>[] = [];
    const perBlock = 1 << blockBits;
    for (let b = 0; b * perBlock < n; b++) {
      const block = new ValuesBlock(new Uint16Array(Math.min(perBlock, n - b * perBlock)));
      blocks.push(block);
      // Added once filled: the store may drop the blocks before it, never the one added last.
      fillBlock(values, b * perBlock, block.values, bases, wide);
      store.added(block);
    }
    return new NearInts(bases, wide, n, blockBits, perBlock - 1, store, blocks);
  }

  get(i: number): number {
    const base = this.bases[i >>> NEAR_STRETCH_BITS]!;
    if (base === WIDE) return this.wide.get(i >>> NEAR_STRETCH_BITS)![i & NEAR_STRETCH_MASK]!;
    const block = this.blocks[i >>> this.blockBits]!;
    if (this.store.current !== block) this.store.use(block);
    const distance = block.values[i & this.blockMask]!;
    return distance === NO_DISTANCE ? NONE : base + distance;
  }

  /** How many stretches are kept aside. */
  get wideStretches(): number {
    return this.wide.size;
  }

  /** How many blocks are out of memory, and how many were read back: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  get blocksReadBack(): number {
    return this.store.readBack;
  }
}

/** The distances of `values` from `from` on into `distances` (a block's), each stretch's base or WIDE into `bases`, a wide stretch's values into `wide`. */
function fillBlock(values: Int32Array, from: number, distances: Uint16Array, bases: Int32Array, wide: Map<number, Int32Array>) {
  for (let at = 0; at < distances.length; at += NEAR_STRETCH) {
    const start = from + at;
    const end = Math.min(from + distances.length, start + NEAR_STRETCH);
    const s = start >>> NEAR_STRETCH_BITS;
    let least = Infinity;
    let most = -Infinity;
    for (let i = start; i < end; i++) {
      const value = values[i]!;
      if (value === NONE) continue;
      if (value < least) least = value;
      if (value > most) most = value;
    }
    if (least === Infinity) least = most = 0;
    if (least < 0 || most - least >= NO_DISTANCE) {
      bases[s] = WIDE;
      wide.set(s, values.slice(start, end));
      continue;
    }
    bases[s] = least;
    for (let i = start; i < end; i++) distances[i - from] = values[i] === NONE ? NO_DISTANCE : values[i]! - least;
  }
}
