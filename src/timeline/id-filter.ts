import { otherHashOfWords } from "./string-hash.js";

/**
 * Whether a session id may be among the older generations' (aged-ids.ts), without reading them: a
 * blocked Bloom filter, where each id sets BITS_SET bits of one 512-bit block (a cache line's
 * worth), chosen by its hash, so that asking costs one miss of the caches, not BITS_SET. It says
 * "no" for an id never added, and "maybe" for some one in 200 of them (a false positive), which
 * then costs a read of the tables; it never says "no" for an id added.
 *
 * Random UUIDs, blocks of 512 bits, BITS_SET of them an id (node /tmp/s39/bloom/bench.mjs, 6
 * million ids, 1 million asked): 10 bits an id, 1.09 % false positives; 12 bits, 0.54 %; 16 bits,
 * 0.19 %; about 100 ns an id asked. At its capacity the filter holds BITS_PER_ID bits an id; it is
 * made again, twice as large, by whoever fills it (Interner.age).
 */
export class IdFilter {
  private readonly bits: Int32Array;
  private readonly blocks: number;
  /** How many ids were added. */
  size = 0;

  constructor(
    /** How many ids it is made for: past that, false positives grow. */
    readonly capacity: number,
  ) {
    this.blocks = Math.max(1, Math.ceil((capacity * BITS_PER_ID) / BLOCK_BITS));
    this.bits = new Int32Array((BLOCK_BITS / 32) * this.blocks);
  }

  /** Adds the UUID whose words are at `words[at]` and whose hashOfWords is `hash`. */
  add(hash: number, words: Int32Array, at: number) {
    this.visit(hash, words, at, true);
    this.size++;
  }

  /** False when the UUID whose words are at `words[at]` (hashed `hash`) was never added; true when it may have been. */
  mayHold(hash: number, words: Int32Array, at: number): boolean {
    return this.visit(hash, words, at, false);
  }

  /** Sets (`set`) or tests the id's bits; whether they were all set. */
  private visit(hash: number, words: Int32Array, at: number, set: boolean): boolean {
    const bits = this.bits;
    const base = this.blockOf(hash);
    const other = otherHashOfWords(words, at);
    const step = (other >>> 9) | 1;
    for (let j = 0; j < BITS_SET; j++) {
      const bit = (other + Math.imul(j, step)) & (BLOCK_BITS - 1);
      const word = base + (bit >>> 5);
      if (set) bits[word]! |= 1 << (bit & 31);
      else if ((bits[word]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** A word of the block an id hashed `hash` is asked in: read ahead of mayHold, so that a batch's misses of the caches overlap (Interner.findAllUuids). */
  touch(hash: number): number {
    return this.bits[this.blockOf(hash)]!;
  }

  /** The first word of the id's block: the top bits of the hash scaled to the blocks (no modulo). */
  private blockOf(hash: number): number {
    return (BLOCK_BITS / 32) * Math.floor(((hash >>> 0) * this.blocks) / 2 ** 32);
  }
}

const BLOCK_BITS = 512;
/** Bits an id at the filter's capacity: 1.5 bytes, 0.54 % false positives (above). */
const BITS_PER_ID = 12;
const BITS_SET = 8;
