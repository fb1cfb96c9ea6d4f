import type { LineRef } from "../events.js";
import { BlockStore, defineHidden, Residence } from "./block-store.js";
import { put, TimeColumn } from "./exact-columns.js";
import type { SampleSource, WalkObserver } from "./walk-feed.js";

/** Enough for any picture we draw, small enough for the JSON report of a week-long log. */
export const MAX_SERIES_POINTS = 500;

/**
 * The active-sessions samples (the report's peak, its series and the sessions table's counted
 * counts), kept as columns as the walk releases them: the series cuts the span from the first to
 * the last sample, which is known only at the end, so every sample's time and count is kept, some
 * 4 bytes a logged one (12 a counted one, whose position the sessions table looks up), in blocks
 * that leave memory for a file past a few (SampleColumn). As records on rows of the line table they
 * took some 40 bytes and a list slot each (64,526 on the 100 MiB bench log).
 */
export class ActiveSamples implements WalkObserver {
  private readonly logged = new SampleColumn(false);
  private readonly counted = new SampleColumn(true);

  sample(seq: number, at: number, _ref: LineRef, active: number, source: SampleSource) {
    (source === "logged" ? this.logged : this.counted).push(seq, at, active);
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
    const index = this.counted.firstAtOrAfter(seq);
    return index < this.counted.length ? this.counted.activeAt(index) : undefined;
  }
}

/** A block of samples: SAMPLE_BLOCK_ROWS rows of each column, which may leave memory (block-store.ts). */
class SampleBlock {
  /** Hidden, as a request block's (see records.ts). */
  declare readonly residence: Residence;
  readonly times = new TimeColumn(SAMPLE_BLOCK_ROWS);
  /**
   * The samples' log positions, when kept: they grow as times do, so the same columns hold them
   * (a pino log's 290,000 counted samples at 1 GiB: 2.2 MiB as a Float64Array, 0.6 so).
   */
  readonly seqs: TimeColumn | null;
  /** The counts: whole and small, two bytes each while every one of the block fits, widened as exact-columns.ts widens (NaN or a fraction read from a log are kept as they are). */
  counts: Int16Array | Int32Array | Float64Array = new Int16Array(SAMPLE_BLOCK_ROWS);

  constructor(withSeq: boolean) {
    defineHidden<SampleBlock>(this, "residence", new Residence());
    this.seqs = withSeq ? new TimeColumn(SAMPLE_BLOCK_ROWS) : null;
  }
}

/** A SampleBlock's fields that hold its rows. */
const SAMPLE_COLUMNS = ["times", "seqs", "counts"] as const;

/**
 * Samples of one source, in log order, in blocks of SAMPLE_BLOCK_ROWS made as the samples come, so
 * never copied nor cut. The times are TimeColumns, two bytes each from their stretch's first time
 * while it fits (exact-columns.ts). A sample comes with every session's creation and end, so the
 * samples grow with the log: the 4 GiB events log's 2.9 million logged samples took 11.6 MiB in
 * memory to its end (a heap snapshot after the fold, bench/heap-retained.mjs), 5.6 of them the
 * counts joined in one column for the report. Past `residentBlocks` blocks, the least recently used
 * leave memory for a file (block-store.ts): the walk adds to the last block only, and the passes
 * after it read the samples in order (the series, the peak's check) or by log position in the
 * sessions' order of creation (countedFrom, through `firstSeqs`), each block read back about once.
 */
export class SampleColumn {
  /** Blocks in memory at most: a block is 12–40 KB. */
  static residentBlocks = 4;

  length = 0;
  peak = 0;
  private readonly blocks: SampleBlock[] = [];
  /** Each block's first log position, when the column keeps them: the block to read for a position is found without reading any. */
  private readonly firstSeqs: number[] = [];
  /** Which blocks are in memory: every read goes through `blockOf`. */
  declare private readonly store: BlockStore<SampleBlock>;

  constructor(private readonly withSeq: boolean) {
    defineHidden<SampleColumn>(this, "store" as keyof SampleColumn, new BlockStore<SampleBlock>(SampleColumn.residentBlocks, SAMPLE_COLUMNS, "the active-session samples"));
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** How many blocks were read back from the spill file: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
  }

  /** The time of sample `index` (0 ≤ index < length). */
  timeAt(index: number): number {
    return this.blockOf(index).times.get(index & SAMPLE_BLOCK_MASK);
  }

  /** The log position of sample `index` (0 ≤ index < length), when the column keeps them. */
  seqAt(index: number): number {
    return this.blockOf(index).seqs!.get(index & SAMPLE_BLOCK_MASK);
  }

  /** The count of sample `index` (0 ≤ index < length). */
  activeAt(index: number): number {
    return this.blockOf(index).counts[index & SAMPLE_BLOCK_MASK]!;
  }

  push(seq: number, at: number, active: number) {
    const i = this.length++;
    const r = i & SAMPLE_BLOCK_MASK;
    if (r === 0) {
      const added = new SampleBlock(this.withSeq);
      this.blocks.push(added);
      if (this.withSeq) this.firstSeqs.push(seq);
      this.store.added(added);
    }
    // The last block, to which samples are added, never leaves memory (block-store.ts).
    const block = this.blocks[this.blocks.length - 1]!;
    block.times.set(r, at);
    block.seqs?.set(r, seq);
    block.counts = put(block.counts, r, active);
    this.peak = Math.max(this.peak, active);
  }

  /**
   * The index of the first sample at or after log position `seq` (the samples' positions ascend),
   * `length` for none: one block read.
   */
  firstAtOrAfter(seq: number): number {
    const firstSeqs = this.firstSeqs;
    // The last block whose first position is below `seq`: the first at or after it is there or is the next block's first.
    let low = 0;
    let high = firstSeqs.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (firstSeqs[middle]! < seq) low = middle + 1;
      else high = middle;
    }
    if (low === 0) return 0;
    const block = low - 1;
    let first = block << SAMPLE_BLOCK_BITS;
    let last = Math.min(this.length, first + SAMPLE_BLOCK_ROWS);
    while (first < last) {
      const middle = (first + last) >> 1;
      if (this.seqAt(middle) < seq) first = middle + 1;
      else last = middle;
    }
    return first;
  }

  private blockOf(index: number): SampleBlock {
    const block = this.blocks[index >>> SAMPLE_BLOCK_BITS]!;
    if (this.store.current !== block) this.store.use(block);
    return block;
  }
}

/** Rows of a block of samples: a few KB, so that a log of a few samples takes little. */
const SAMPLE_BLOCK_BITS = 12;
const SAMPLE_BLOCK_ROWS = 1 << SAMPLE_BLOCK_BITS;
const SAMPLE_BLOCK_MASK = SAMPLE_BLOCK_ROWS - 1;

/**
 * The positions (in log order) of at most `maxPoints` samples of `column`: the time span cut into
 * equal buckets, each keeping its highest sample (the first of equals), so the peak a report quotes
 * is always in the picture.
 */
export function downsampleActiveSamples(column: Pick<SampleColumn, "length" | "timeAt" | "activeAt">, maxPoints = MAX_SERIES_POINTS): number[] {
  const n = column.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const first = column.timeAt(0);
  const span = column.timeAt(n - 1) - first;
  // By bucket, the sample kept (-1: none yet) and its count, so that the samples are read once, in
  // order (a column's blocks may have left memory). A bucket outside 0 to maxPoints - 1 (a sample
  // timed before the first: times can step back) is kept in a Map: a Map for every bucket, looked
  // up per sample, took 20 ms of the 1 GiB bench log's report (some 650,000 logged counts).
  const buckets = new Int32Array(Math.max(0, Math.ceil(maxPoints))).fill(-1);
  const keptCounts = new Float64Array(buckets.length);
  let outside: Map<number, { index: number; active: number }> | null = null;
  for (let index = 0; index < n; index++) {
    // A zero span (every sample at one instant) falls back to equal counts per bucket.
    const position = span > 0 ? (column.timeAt(index) - first) / span : index / n;
    const bucket = Math.min(maxPoints - 1, Math.floor(position * maxPoints));
    const active = column.activeAt(index);
    if (bucket >= 0 && bucket < buckets.length && Number.isInteger(bucket)) {
      if (buckets[bucket] === -1 || active > keptCounts[bucket]!) {
        buckets[bucket] = index;
        keptCounts[bucket] = active;
      }
      continue;
    }
    const kept = (outside ??= new Map()).get(bucket);
    if (kept === undefined || active > kept.active) outside.set(bucket, { index, active });
  }
  const chosen: number[] = [];
  for (let bucket = 0; bucket < buckets.length; bucket++) if (buckets[bucket] !== -1) chosen.push(buckets[bucket]!);
  if (outside) for (const { index } of outside.values()) chosen.push(index);
  return chosen.sort((a, b) => a - b);
}
