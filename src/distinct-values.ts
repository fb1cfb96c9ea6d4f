import type { Distribution } from "./report.js";

/**
 * Numbers gathered one at a time and summarized as summarizeValues (statistics.ts) would summarize
 * them all, keeping one count per distinct value rather than every value: the losses' idle gaps,
 * told one by one as the walk classifies them (issue #8), are whole milliseconds of a few thousand
 * distinct values where a long log has hundreds of thousands of losses. Values are told apart as a
 * typed array's sort orders them: -0 before 0, and every NaN one value, sorted last.
 */
export class DistinctValues {
  private keys = new Float64Array(64);
  /**
   * Each key's count (0: a free slot), four bytes: at 1 GiB the bench log's 312,661 losses have
   * 181,689 distinct gaps: with eight-byte counts at half load, a table of 524,288 slots (8 MB), now
   * 262,144 of twelve bytes (3 MB). A count passes 2^32 only past that many losses of one gap.
   */
  private counts = new Uint32Array(64);
  private distinct = 0;
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(value: number) {
    if (value !== value) value = NaN;
    if ((this.distinct + 1) * 4 > this.keys.length * 3) this.grow();
    const slot = this.slotOf(value, this.keys, this.counts);
    if (this.counts[slot] === 0) {
      this.keys[slot] = value;
      this.distinct++;
    }
    this.counts[slot]!++;
    this.total++;
  }

  /** min / median / p95 / max, as summarizeValues gives of every value added, in any order. */
  summarize(): Distribution {
    const count = this.total;
    if (count === 0) return { count: 0, min: null, median: null, p95: null, max: null };
    const sorted = new Float64Array(this.distinct);
    for (let slot = 0, k = 0; slot < this.keys.length; slot++) if (this.counts[slot]! > 0) sorted[k++] = this.keys[slot]!;
    sorted.sort();
    const middle = Math.floor(count / 2);
    const ranks = [Math.max(0, middle - 1), middle, Math.max(0, Math.ceil(0.95 * count) - 1)];
    const found = [0, 0, 0];
    let r = 0;
    let below = 0;
    for (let k = 0; k < sorted.length && r < ranks.length; k++) {
      below += this.counts[this.slotOf(sorted[k]!, this.keys, this.counts)]!;
      while (r < ranks.length && ranks[r]! < below) found[r++] = sorted[k]!;
    }
    const median = count % 2 === 1 ? found[1]! : (found[0]! + found[1]!) / 2;
    return { count, min: sorted[0]!, median, p95: found[2]!, max: sorted[sorted.length - 1]! };
  }

  /** The slot holding `value`, or the free one where it goes (linear probing; the table is at most three quarters full). */
  private slotOf(value: number, keys: Float64Array, counts: Uint32Array): number {
    const mask = keys.length - 1;
    BITS_OF[0] = value !== value ? NaN : value;
    let slot = Math.imul(WORDS_OF[0]! ^ Math.imul(WORDS_OF[1]!, 0x9e3779b1), 0x85ebca6b) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    while (counts[slot] !== 0 && !Object.is(keys[slot], value)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow() {
    const { keys, counts } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    for (let slot = 0; slot < keys.length; slot++) {
      if (counts[slot] === 0) continue;
      const to = this.slotOf(keys[slot]!, this.keys, this.counts);
      this.keys[to] = keys[slot]!;
      this.counts[to] = counts[slot]!;
    }
  }
}

/** A value's eight bytes read as two words, for its hash; NaN is made the one NaN first. */
const BITS_OF = new Float64Array(1);
const WORDS_OF = new Uint32Array(BITS_OF.buffer);
