import type { LineRef } from "../events.js";
import { put, TimeColumn } from "./exact-columns.js";
import type { SampleSource, WalkObserver } from "./walk-feed.js";

/** Enough for any picture we draw, small enough for the JSON report of a week-long log. */
export const MAX_SERIES_POINTS = 500;

/**
 * The active-sessions samples (the report's peak, its series and the sessions table's counted
 * counts), kept as columns as the walk releases them: the series cuts the span from the first to
 * the last sample, which is known only at the end, so every sample's time and count is kept, some
 * 4 bytes a logged one (12 a counted one, whose position the sessions table looks up). As records on
 * rows of the line table they took some 40 bytes and a list slot each (64,526 on the 100 MiB bench log).
 */
export class ActiveSamples implements WalkObserver {
  private readonly logged = new SampleColumn(false);
  private readonly counted = new SampleColumn(true);

  sample(seq: number, at: number, _ref: LineRef, active: number, source: SampleSource) {
    (source === "logged" ? this.logged : this.counted).push(seq, at, active);
  }

  finish() {
    this.logged.trim();
    this.counted.trim();
  }

  /** The samples the server logged, else the counted ones (a log ends with either kind: see WalkObserver.sample). */
  get chosen(): SampleColumn {
    return this.logged.length > 0 ? this.logged : this.counted;
  }

  get source(): SampleSource {
    return this.logged.length > 0 ? "logged" : "counted";
  }

  /** The highest count of the chosen samples, 0 when there are none (NaN if one was NaN, as Math.max has it). */
  get peak(): number {
    return this.chosen.peak;
  }

  /** The count of the first counted sample at or after log position `seq`, when the samples are counted ones. */
  countedFrom(seq: number): number | undefined {
    if (this.logged.length > 0) return undefined;
    const column = this.counted;
    let low = 0;
    let high = column.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (column.seqAt(middle) < seq) low = middle + 1;
      else high = middle;
    }
    return low < column.length ? column.activeAt(low) : undefined;
  }
}

/**
 * Samples of one source, in log order: `length` of each column are filled. The counts are whole
 * and small: two bytes each while every one of their block fits, widened as exact-columns.ts
 * widens (NaN or a fraction read from a log are kept as they are). The times are TimeColumns of
 * SAMPLE_BLOCK_ROWS rows, two bytes each from their stretch's first time while it fits
 * (exact-columns.ts), made as the samples come, so never copied nor cut. The 1 GiB bench log's
 * 730,106 logged samples took 7.3 MB with the times in a Float64Array, 10.5 MB before the walk's
 * end cut the two columns (grown by doubling to 1,048,576 rows) to their length; they take 2.9 MB.
 */
export class SampleColumn {
  length = 0;
  private readonly times: TimeColumn[] = [];
  /**
   * The counts, block for block as the times, each widened on its own, until the walk's end makes
   * them one column (`active`). One column grown by doubling was 4 MB at the 2 GiB events log's
   * fold's end for 1,466,669 samples (2.9 MB of them), plus 2 + 4 while it grew the last time; the
   * blocks take 2.9 MB. Made one column when the report read it, the blocks were still held there,
   * where the run's peak moved (258 MiB, phase marks); at the finish, the collection after the fold
   * frees them.
   */
  private counts: (Int16Array | Int32Array | Float64Array)[] = [];
  private whole: Int16Array | Int32Array | Float64Array | null = null;
  /**
   * The samples' log positions, when kept: they grow as times do, so the same columns hold them
   * (a pino log's 290,000 counted samples at 1 GiB: 2.2 MiB as a Float64Array, 0.6 so).
   */
  private readonly seqs: TimeColumn[] | null;
  peak = 0;

  constructor(withSeq: boolean) {
    this.seqs = withSeq ? [] : null;
  }

  /** The time of sample `index` (0 ≤ index < length). */
  timeAt(index: number): number {
    return this.times[index >>> SAMPLE_BLOCK_BITS]!.get(index & SAMPLE_BLOCK_MASK);
  }

  /** The log position of sample `index` (0 ≤ index < length), when the column keeps them. */
  seqAt(index: number): number {
    return this.seqs![index >>> SAMPLE_BLOCK_BITS]!.get(index & SAMPLE_BLOCK_MASK);
  }

  push(seq: number, at: number, active: number) {
    const i = this.length++;
    const { seqs } = this;
    if ((i & SAMPLE_BLOCK_MASK) === 0) {
      this.times.push(new TimeColumn(SAMPLE_BLOCK_ROWS));
      seqs?.push(new TimeColumn(SAMPLE_BLOCK_ROWS));
      this.counts.push(new Int16Array(SAMPLE_BLOCK_ROWS));
    }
    const block = i >>> SAMPLE_BLOCK_BITS;
    this.times[block]!.set(i & SAMPLE_BLOCK_MASK, at);
    seqs?.[block]!.set(i & SAMPLE_BLOCK_MASK, seq);
    this.counts[block] = put(this.counts[block]!, i & SAMPLE_BLOCK_MASK, active);
    this.peak = Math.max(this.peak, active);
  }

  /** No sample comes after the walk: the counts become one column, the blocks let go. */
  trim() {
    this.whole = this.joinedCounts();
    this.counts = [];
  }

  /** The counts, sample by sample, in one column of the samples' length. */
  get active(): Int16Array | Int32Array | Float64Array {
    if (this.whole === null || this.whole.length !== this.length) this.whole = this.joinedCounts();
    return this.whole;
  }

  private joinedCounts(): Int16Array | Int32Array | Float64Array {
    const { counts, length } = this;
    const wide = counts.some((block) => block instanceof Float64Array) ? Float64Array : counts.some((block) => block instanceof Int32Array) ? Int32Array : Int16Array;
    const whole = new wide(length);
    for (let b = 0; b < counts.length; b++) {
      const from = b << SAMPLE_BLOCK_BITS;
      whole.set(counts[b]!.subarray(0, Math.min(SAMPLE_BLOCK_ROWS, length - from)), from);
    }
    return whole;
  }

  /** The count of sample `index` (0 ≤ index < length). */
  activeAt(index: number): number {
    return this.whole !== null && this.whole.length === this.length ? this.whole[index]! : this.counts[index >>> SAMPLE_BLOCK_BITS]![index & SAMPLE_BLOCK_MASK]!;
  }
}

/** Rows of a block of sample times: a few KB, so that a log of a few samples takes little. */
const SAMPLE_BLOCK_BITS = 12;
const SAMPLE_BLOCK_ROWS = 1 << SAMPLE_BLOCK_BITS;
const SAMPLE_BLOCK_MASK = SAMPLE_BLOCK_ROWS - 1;

/**
 * The positions (in log order) of at most `maxPoints` samples of `column`: the time span cut into
 * equal buckets, each keeping its highest sample (the first of equals), so the peak a report quotes
 * is always in the picture.
 */
export function downsampleActiveSamples(column: Pick<SampleColumn, "length" | "timeAt" | "active">, maxPoints = MAX_SERIES_POINTS): number[] {
  const n = column.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const { active } = column;
  const first = column.timeAt(0);
  const span = column.timeAt(n - 1) - first;
  // By bucket, the sample kept (-1: none yet). A bucket outside 0 to maxPoints - 1 (a sample timed
  // before the first: times can step back) is kept in a Map: a Map for every bucket, looked up per
  // sample, took 20 ms of the 1 GiB bench log's report (some 650,000 logged counts).
  const buckets = new Int32Array(Math.max(0, Math.ceil(maxPoints))).fill(-1);
  let outside: Map<number, number> | null = null;
  for (let index = 0; index < n; index++) {
    // A zero span (every sample at one instant) falls back to equal counts per bucket.
    const position = span > 0 ? (column.timeAt(index) - first) / span : index / n;
    const bucket = Math.min(maxPoints - 1, Math.floor(position * maxPoints));
    if (bucket >= 0 && bucket < buckets.length && Number.isInteger(bucket)) {
      const kept = buckets[bucket]!;
      if (kept === -1 || active[index]! > active[kept]!) buckets[bucket] = index;
      continue;
    }
    const kept = (outside ??= new Map()).get(bucket);
    if (kept === undefined || active[index]! > active[kept]!) outside.set(bucket, index);
  }
  const chosen: number[] = [];
  for (let bucket = 0; bucket < buckets.length; bucket++) if (buckets[bucket] !== -1) chosen.push(buckets[bucket]!);
  if (outside) chosen.push(...outside.values());
  return chosen.sort((a, b) => a - b);
}
