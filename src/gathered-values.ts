import type { Distribution } from "./report.js";
import { BlockStore, defineHidden, VALUES, ValuesBlock } from "./timeline/block-store.js";

/** Values a block: 256 KB of them. */
const BLOCK_VALUES = 32768;

/** The radix select's digits: 16 bits of a value's 64-bit sort key at a time, four passes at most. */
const DIGIT_BITS = 16;
const DIGITS = 1 << DIGIT_BITS;
const LEVELS = 64 / DIGIT_BITS;
/** Values that share the digits found, at most, that a pass gathers and sorts (512 KB) rather than counts by their next digit. */
const GATHERED_AT_MOST = 65536;

/**
 * Numbers gathered one at a time and summarized as summarizeValues (statistics.ts) would summarize
 * them all: the losses' idle gaps, told one by one as the walk classifies them (issue #8), and the
 * gaps between the sessions' creations, told as the report counts the sessions. Values
 * are told apart as a typed array's sort orders them: -0 before 0, and every NaN one value, sorted
 * last.
 *
 * Each value is written down as told, in blocks that leave memory but for the last two
 * (block-store.ts), and the ranks the summary needs are found by a radix select over the values'
 * 64-bit sort keys (sortKeyHigh), 16 bits at a time: the first counted as the values are told,
 * each next by a pass over the blocks in their order (valuesAtRanks). A count per distinct value,
 * kept sorted and merged every 32,768 values, held 6.7 MiB at the 8 GiB events log's walk's end
 * (2.5 million losses, most of their gaps distinct whole milliseconds) and grew with the log; the
 * blocks keep 512 KB in memory whatever it, and the first digits' counts 256 KB.
 */
export class GatheredValues {
  /** The blocks and their store, let go once settled; hidden from a frozen timeline's walk (defineHidden), as a store changes at every read. */
  declare private readonly gathered: { store: BlockStore<ValuesBlock<Float64Array>>; blocks: ValuesBlock<Float64Array>[] } | { store: null; blocks: [] };
  /** How many values the last block holds. */
  private filled = 0;
  private total = 0;
  /** The least and the greatest value told, in the sort's order (precedes); NaN before the first. */
  private min = NaN;
  private max = NaN;
  /** The summary, once settled: the values are let go then. */
  private settled: Distribution | null = null;
  /** How many values have each first digit of their key (256 KB): the select's first count, kept as the values are told rather than a pass of its own. */
  private firstDigits = new Uint32Array(DIGITS);

  /** `valuesPerBlock`, `residentBlocks` and `gatheredAtMost`: a test's small blocks, how many stay in memory, and a select that counts further digits. */
  constructor(
    /** What the values are, as an error names them: "the losses' idle gaps". */
    table: string,
    private readonly valuesPerBlock = BLOCK_VALUES,
    residentBlocks = 2,
    private readonly gatheredAtMost = GATHERED_AT_MOST,
  ) {
    const store = new BlockStore<ValuesBlock<Float64Array>>(residentBlocks, VALUES, table);
    defineHidden<GatheredValues>(this, "gathered" as keyof GatheredValues, { store, blocks: [] });
  }

  get count(): number {
    return this.total;
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.gathered.store?.spilled ?? 0;
  }

  add(value: number) {
    const { store, blocks } = this.gathered;
    if (store === null) throw new Error("GatheredValues: a value added once settled");
    let block = blocks[blocks.length - 1];
    if (block === undefined || this.filled === this.valuesPerBlock) {
      block = new ValuesBlock(new Float64Array(this.valuesPerBlock));
      blocks.push(block);
      store.added(block);
      this.filled = 0;
    } else if (store.current !== block) {
      store.use(block);
    }
    block.values[this.filled++] = value;
    block.residence.dirty = true;
    this.firstDigits[sortKeyHigh(value) >>> 16]!++;
    if (this.total++ === 0) this.min = this.max = value;
    else {
      if (precedes(value, this.min)) this.min = value;
      if (precedes(this.max, value)) this.max = value;
    }
  }

  /**
   * Once no value is added any more: the summary is taken, and the values are let go. The losses'
   * gaps are all told by the fold's end, and were held through the report, where the run's peak
   * was, for one summary.
   */
  settle() {
    if (this.settled !== null) return;
    this.settled = this.summarize();
    const gathered = this.gathered as { store: BlockStore<ValuesBlock<Float64Array>> | null; blocks: ValuesBlock<Float64Array>[] };
    gathered.store = null;
    gathered.blocks = [];
    this.firstDigits = new Uint32Array(0);
  }

  /** min / median / p95 / max, as summarizeValues gives of every value added, in any order: a new object at each call. */
  summarize(): Distribution {
    if (this.settled !== null) return { ...this.settled };
    const count = this.total;
    if (count === 0) return { count: 0, min: null, median: null, p95: null, max: null };
    const middle = Math.floor(count / 2);
    const [beforeMiddle, atMiddle, p95] = this.valuesAtRanks([Math.max(0, middle - 1), middle, Math.max(0, Math.ceil(0.95 * count) - 1)]);
    const median = count % 2 === 1 ? atMiddle! : (beforeMiddle! + atMiddle!) / 2;
    return { count, min: this.min, median, p95: p95!, max: this.max };
  }

  /**
   * The values a sort would put at `ranks`: for each, the digits of its key from the highest, each
   * found by counting, among the values whose higher digits are the ones found, those of each next
   * digit (the first digits counted as the values were told); once GATHERED_AT_MOST values or fewer
   * share the digits found, they are gathered and sorted instead. Ranks that share their digits
   * found share a pass's counts or gathering. The 1 GiB events log's 312,661 gaps take one pass,
   * which gathers the few thousand values that share a rank's first digit.
   */
  private valuesAtRanks(ranks: readonly number[]): number[] {
    const searches = ranks.map((rank) => new RankSearch(rank));
    for (const search of searches) search.descend(this.firstDigits);
    const { blocks, store } = this.gathered;
    for (;;) {
      // A search leads those after it that share its digits found: one count, or one gathering, for all.
      const leaders: RankSearch[] = [];
      const led = searches.map((search) => {
        if (search.found !== undefined) return -1;
        const k = leaders.findIndex((leader) => leader.shares(search));
        return k >= 0 ? k : leaders.push(search) - 1;
      });
      if (leaders.length === 0) break;
      const counts = leaders.map((leader) => (leader.among > this.gatheredAtMost ? new Uint32Array(DIGITS) : null));
      const gathered = leaders.map((leader) => (leader.among > this.gatheredAtMost ? EMPTY_VALUES : new Float64Array(leader.among)));
      const gatheredCount = new Int32Array(leaders.length);
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        if (store!.current !== block) store!.use(block);
        const values = block.values;
        const length = b === blocks.length - 1 ? this.filled : this.valuesPerBlock;
        for (let i = 0; i < length; i++) {
          const value = values[i]!;
          const keyHigh = sortKeyHigh(value);
          const keyLow = sortKeyLowFound;
          for (let k = 0; k < leaders.length; k++) {
            const leader = leaders[k]!;
            if (!sameDigits(keyHigh, keyLow, leader.high, leader.low, leader.digits)) continue;
            const count = counts[k];
            if (count) count[digitAt(keyHigh, keyLow, leader.digits)]!++;
            else gathered[k]![gatheredCount[k]!++] = value;
          }
        }
      }
      for (const values of gathered) values.sort();
      for (const [i, search] of searches.entries()) {
        const k = led[i]!;
        if (k < 0) continue;
        const count = counts[k];
        if (count) search.descend(count);
        else search.found = gathered[k]![search.left]!;
      }
    }
    return searches.map((search) => search.found!);
  }
}

/** A rank's search in GatheredValues.valuesAtRanks: the digits of its value's key found so far. */
class RankSearch {
  /** The key's words, the digits found set, the others 0. */
  high = 0;
  low = 0;
  digits = 0;
  /** How many values share the digits found: all before the first. */
  among = Infinity;
  /** Its value, once found. */
  found: number | undefined = undefined;

  constructor(
    /** Its rank among the values that share the digits found. */
    public left: number,
  ) {}

  shares(other: RankSearch): boolean {
    return this.digits === other.digits && this.high === other.high && this.low === other.low;
  }

  /** Its next digit, from `counts`: how many of the values that share the digits found have each next. */
  descend(counts: Uint32Array) {
    let digit = 0;
    while (this.left >= counts[digit]!) this.left -= counts[digit++]!;
    const shift = (this.digits & 1) === 0 ? 16 : 0;
    if (this.digits < 2) this.high = (this.high | (digit << shift)) >>> 0;
    else this.low = (this.low | (digit << shift)) >>> 0;
    this.among = counts[digit]!;
    if (++this.digits === LEVELS) this.found = valueOfKey(this.high, this.low);
  }
}

const EMPTY_VALUES = new Float64Array(0);

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
/** The low word of the key sortKeyHigh found last. */
let sortKeyLowFound = 0;

/**
 * The high word of the value's key, its low word into sortKeyLowFound: two unsigned 32-bit words
 * whose order as one 64-bit number is a typed array's sort's. The sign bit flipped for a value
 * with none, every bit for one with it; every NaN the one NaN a sort puts last (the positive quiet
 * one, past +Infinity).
 */
function sortKeyHigh(value: number): number {
  if (value !== value) {
    sortKeyLowFound = 0;
    return 0xfff80000;
  }
  scratch[0] = value;
  const high = scratchWords[1]!;
  if (high >>> 31 === 0) {
    sortKeyLowFound = scratchWords[0]!;
    return (high | 0x80000000) >>> 0;
  }
  sortKeyLowFound = ~scratchWords[0]! >>> 0;
  return ~high >>> 0;
}

/** The value whose key is (high, low). */
function valueOfKey(high: number, low: number): number {
  if (high >>> 31 === 1) {
    scratchWords[1] = high & 0x7fffffff;
    scratchWords[0] = low;
  } else {
    scratchWords[1] = ~high >>> 0;
    scratchWords[0] = ~low >>> 0;
  }
  return scratch[0]!;
}

/** The key's digit after its highest `digits`. */
function digitAt(keyHigh: number, keyLow: number, digits: number): number {
  switch (digits) {
    case 0:
      return keyHigh >>> 16;
    case 1:
      return keyHigh & 0xffff;
    case 2:
      return keyLow >>> 16;
    default:
      return keyLow & 0xffff;
  }
}

/** Whether the key's highest `digits` are those of (high, low). */
function sameDigits(keyHigh: number, keyLow: number, high: number, low: number, digits: number): boolean {
  switch (digits) {
    case 0:
      return true;
    case 1:
      return keyHigh >>> 16 === high >>> 16;
    case 2:
      return keyHigh === high;
    default:
      return keyHigh === high && keyLow >>> 16 === low >>> 16;
  }
}

/** Whether `a` sorts before `b` in a typed array's sort: by value, -0 before 0, NaN after all. */
function precedes(a: number, b: number): boolean {
  if (a < b) return true;
  if (a === b) return a === 0 && 1 / a < 1 / b;
  return a === a && b !== b;
}
