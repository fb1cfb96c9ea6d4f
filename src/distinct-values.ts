import type { Distribution } from "./report.js";
import { isInt32Distance } from "./timeline/near-numbers.js";

/** Values gathered before they are sorted and merged into the counts: 256 KB of them. */
const PENDING = 32768;

/**
 * Numbers gathered one at a time and summarized as summarizeValues (statistics.ts) would summarize
 * them all, keeping one count per distinct value rather than every value: the losses' idle gaps,
 * told one by one as the walk classifies them (issue #8), are whole milliseconds of a few thousand
 * distinct values where a long log has hundreds of thousands of losses. Values are told apart as a
 * typed array's sort orders them: -0 before 0, and every NaN one value, sorted last.
 *
 * The distinct values are kept sorted, each with its count, and a value is only written down when
 * told: every PENDING of them are sorted and merged in, in one pass over the counts. Counted in a
 * hash table at each value, at 1 GiB the bench log's 312,661 losses have 181,689 distinct gaps, and
 * each value was a cache miss in a table of 3 MB: 75 ms of the main thread (node --cpu-prof).
 * Sorted, the 181,689 take 2.2 MB (1.5 since the values are four bytes), and the summary reads them
 * in order.
 */
export class DistinctValues {
  /**
   * The distinct values merged so far, sorted, and each one's count: `distinct` of them. In an
   * Int32Array while every one is a whole number within 2^31 (-0 is not), the gaps of a log's
   * milliseconds: a Float64Array from the first merge of one that is not. Grown by half as values
   * come, all through the fold, where the 2 GiB log's peak is: as Float64 values they took 8.4 MB
   * of array buffers over its fold, 4.2 so (/tmp/s30/abtrace.cjs).
   */
  private keys: Int32Array | Float64Array = new Int32Array(0);
  /** Four bytes: a count passes 2^32 only past that many losses of one gap. */
  private counts = new Uint32Array(0);
  private distinct = 0;
  /** The values told since the last merge, in the order told: `pendingLength` of them. */
  private pending: Float64Array;
  private pendingCounts: Uint32Array;
  private pendingLength = 0;
  private total = 0;
  /** The summary, once settled: the values are let go then. */
  private settled: Distribution | null = null;

  /** `pendingRoom`: how many are gathered before a merge (a test merges every few). */
  constructor(pendingRoom = PENDING) {
    this.pending = new Float64Array(pendingRoom);
    this.pendingCounts = new Uint32Array(pendingRoom);
  }

  get count(): number {
    return this.total;
  }

  add(value: number) {
    if (this.settled !== null) throw new Error("DistinctValues: a value added once settled");
    this.pending[this.pendingLength++] = value;
    this.total++;
    if (this.pendingLength === this.pending.length) this.merge();
  }

  /**
   * Once no value is added any more: the summary is taken, and the values are let go. The losses'
   * gaps are all told by the fold's end, and their counts (3.3 MB at 1 GiB, 4.9 at 2, the pending
   * room included) were held through the report, where the run's peak is, for one summary.
   */
  settle() {
    if (this.settled !== null) return;
    this.settled = this.summarize();
    this.keys = new Int32Array(0);
    this.counts = new Uint32Array(0);
    this.distinct = 0;
    this.pending = new Float64Array(0);
    this.pendingCounts = new Uint32Array(0);
    this.pendingLength = 0;
  }

  /** min / median / p95 / max, as summarizeValues gives of every value added, in any order: a new object at each call. */
  summarize(): Distribution {
    if (this.settled !== null) return { ...this.settled };
    const count = this.total;
    if (count === 0) return { count: 0, min: null, median: null, p95: null, max: null };
    // The pending values are read merged with the counts rather than merged into them: the
    // timeline the counts belong to may be frozen by then.
    const told = new Float64Array(this.pending.subarray(0, this.pendingLength));
    const toldCounts = new Uint32Array(told.length);
    const toldDistinct = groupSorted(told, toldCounts);
    const middle = Math.floor(count / 2);
    const ranks = [Math.max(0, middle - 1), middle, Math.max(0, Math.ceil(0.95 * count) - 1)];
    const found = [0, 0, 0];
    const { keys, counts, distinct } = this;
    let r = 0;
    let below = 0;
    let min = NaN;
    let max = NaN;
    let first = true;
    for (let i = 0, j = 0; i < distinct || j < toldDistinct; ) {
      let value: number;
      if (j === toldDistinct || (i < distinct && precedes(keys[i]!, told[j]!))) {
        value = keys[i]!;
        below += counts[i++]!;
      } else if (i === distinct || precedes(told[j]!, keys[i]!)) {
        value = told[j]!;
        below += toldCounts[j++]!;
      } else {
        value = keys[i]!;
        below += counts[i++]! + toldCounts[j++]!;
      }
      if (first) min = value;
      first = false;
      max = value;
      while (r < ranks.length && ranks[r]! < below) found[r++] = value;
    }
    const median = count % 2 === 1 ? found[1]! : (found[0]! + found[1]!) / 2;
    return { count, min, median, p95: found[2]!, max };
  }

  /** The pending values, sorted and counted, merged into the counts from their ends, in place. */
  private merge() {
    const told = this.pending.subarray(0, this.pendingLength);
    const toldCounts = this.pendingCounts;
    const toldDistinct = groupSorted(told, toldCounts);
    this.pendingLength = 0;
    const needed = this.distinct + toldDistinct;
    const widen = this.keys instanceof Int32Array && !allWhole(told, toldDistinct);
    if (needed > this.keys.length || widen) {
      const room = needed > this.keys.length ? Math.max(needed, Math.ceil(this.keys.length * 1.5)) : this.keys.length;
      const keys = widen || this.keys instanceof Float64Array ? new Float64Array(room) : new Int32Array(room);
      keys.set(this.keys.subarray(0, this.distinct));
      this.keys = keys;
      if (room > this.counts.length) {
        const counts = new Uint32Array(room);
        counts.set(this.counts.subarray(0, this.distinct));
        this.counts = counts;
      }
    }
    const { keys, counts } = this;
    let i = this.distinct - 1;
    let j = toldDistinct - 1;
    let w = needed - 1;
    // From the ends: the merged values fill the room from its end, never over a value not read yet.
    while (j >= 0) {
      if (i >= 0 && precedes(told[j]!, keys[i]!)) {
        keys[w] = keys[i]!;
        counts[w--] = counts[i--]!;
      } else if (i >= 0 && !precedes(keys[i]!, told[j]!)) {
        keys[w] = keys[i]!;
        counts[w--] = counts[i--]! + toldCounts[j--]!;
      } else {
        keys[w] = told[j]!;
        counts[w--] = toldCounts[j--]!;
      }
    }
    // A value told before and again takes one place where two were made room for: the places left
    // unused lie between the values not moved (up to i) and the merged ones (past w).
    const gap = w - i;
    if (gap > 0) {
      keys.copyWithin(i + 1, w + 1, needed);
      counts.copyWithin(i + 1, w + 1, needed);
    }
    this.distinct = needed - gap;
  }
}

/**
 * Sorts `values` as a typed array sorts, then writes each distinct value once at their start, its
 * count at the same index of `counts`: how many distinct values there are.
 */
function groupSorted(values: Float64Array, counts: Uint32Array): number {
  values.sort();
  let distinct = 0;
  for (let k = 0; k < values.length; k++) {
    const value = values[k]!;
    if (distinct > 0 && !precedes(values[distinct - 1]!, value)) counts[distinct - 1]!++;
    else {
      values[distinct] = value;
      counts[distinct++] = 1;
    }
  }
  return distinct;
}

/** Whether the first `length` of `values` are each a whole number an Int32Array gives back: -0 and NaN are not. */
function allWhole(values: Float64Array, length: number): boolean {
  for (let k = 0; k < length; k++) {
    if (!isInt32Distance(0, values[k]!)) return false;
  }
  return true;
}

/** Whether `a` sorts before `b` in a typed array's sort: by value, -0 before 0, NaN after all. */
function precedes(a: number, b: number): boolean {
  if (a < b) return true;
  if (a === b) return a === 0 && 1 / a < 1 / b;
  return a === a && b !== b;
}
