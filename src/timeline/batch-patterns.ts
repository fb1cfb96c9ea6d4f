import { BatchSequences, markStart, stepOf } from "./batch-sequences.js";
import type { RequestTable } from "./records.js";
import { requestRows } from "./rows.js";
import type { Timeline } from "./model.js";
import { StepChains } from "./step-chains.js";
import { describeStep, type StepNumbers } from "./step-numbers.js";

export interface BatchPattern {
  readonly client: string;
  readonly steps: readonly string[];
  readonly batches: number;
  readonly ofBatches: number;
}

/**
 * Steps copied out together, at most, unless one client has more (2 MB of Int32): the gathered steps
 * are read in one pass over their blocks for each group of clients that fits (StepChains): the
 * 8 GiB events log's 16 million steps, 10 MB of blocks, in 33 passes; the 1 GiB log's in 4.
 */
const GROUP_STEPS = 1 << 19;

/**
 * The most common sequence of requests within a client's batches: the report's "pattern within each
 * batch", counted from the steps the walk gathered client by client (BatchSequences), the clients'
 * copied into one column a group at a time (GROUP_STEPS), in the timeline's order. Read from the
 * rows after the fold, a busy log's request records lay all over the heap (the 1 GiB bench log's
 * 2.0M took 1.6 s so, client by client).
 */
export function findBatchPatterns(timeline: Timeline): BatchPattern[] {
  const gathered = timeline.tallies.of(BatchSequences);
  const { clients } = timeline;
  const positions = clients.map((client) => timeline.tallies.positionOf(client));
  const lengths = positions.map((k) => gathered.lengthOf(k));
  // Each group's first client and the one past its last.
  const groups: [number, number][] = [];
  let longest = 0;
  for (let first = 0; first < clients.length; ) {
    let last = first + 1;
    let total = lengths[first]!;
    while (last < clients.length && total + lengths[last]! <= GROUP_STEPS) total += lengths[last++]!;
    groups.push([first, last]);
    longest = Math.max(longest, total);
    first = last;
  }
  const column = new Int32Array(longest);
  const scratch = StepChains.scratch();
  const steps = new DecidedSteps(gathered, requestRows(timeline).table);
  const sequences = new DistinctSequences();
  const patterns: BatchPattern[] = [];
  for (const [first, last] of groups) {
    const starts = [0];
    for (let i = first; i < last - 1; i++) starts.push(starts[starts.length - 1]! + lengths[i]!);
    gathered.copyClients(positions.slice(first, last), column, starts, scratch);
    for (let i = first; i < last; i++) {
      const client = clients[i]!;
      const own = column.subarray(starts[i - first]!, starts[i - first]! + lengths[i]!);
      steps.decide(positions[i]!, own);
      const best = findMostCommonSequence(own, 0, own.length, sequences);
      if (best) patterns.push({ client: client.key, steps: steps.namesOf(own, best.from, best.length), batches: best.count, ofBatches: client.batchCount });
    }
  }
  return patterns;
}

/**
 * The steps of the requests whose kind was unknown when the walk released them (BatchSequences), as
 * the whole log left them: an answer logged later than the walk's lags makes some initializes. A
 * name the walk never numbered is numbered here, past the walk's, without changing them: the
 * timeline is read-only once built.
 */
class DecidedSteps {
  private readonly byClient = new Map<number, number[]>();
  private readonly added = new Map<string, number>();
  private readonly addedNames: string[] = [];
  private readonly known: StepNumbers;

  constructor(
    private readonly gathered: BatchSequences,
    private readonly table: RequestTable,
  ) {
    this.known = gathered.steps;
    const undecided = gathered.undecided();
    for (let at = 0; at < undecided.length; at += 3) {
      const list = this.byClient.get(undecided[at]!);
      if (list) list.push(at);
      else this.byClient.set(undecided[at]!, [at]);
    }
  }

  /** Puts the decided steps of the client's undecided requests into its column. */
  decide(client: number, column: Int32Array) {
    const list = this.byClient.get(client);
    if (!list) return;
    const undecided = this.gathered.undecided();
    const request = this.table.cursor();
    for (const at of list) {
      request.moveTo(undecided[at + 2]!);
      if (request.isInitialize === null) continue;
      const place = undecided[at + 1]!;
      const step = this.numberOf(describeStep(request));
      column[place] = column[place]! < 0 ? markStart(step) : step;
    }
  }

  /** The names of the steps in `column` from `from`, `length` of them. */
  namesOf(column: Int32Array, from: number, length: number): string[] {
    const names = new Array<string>(length);
    for (let i = 0; i < length; i++) {
      const step = stepOf(column[from + i]!);
      names[i] = step < this.known.size ? this.known.nameOf(step) : this.addedNames[step - this.known.size]!;
    }
    return names;
  }

  private numberOf(name: string): number {
    const known = this.known.knownNumberOf(name);
    if (known !== -1) return known;
    let added = this.added.get(name);
    if (added === undefined) {
      this.added.set(name, (added = this.known.size + this.addedNames.length));
      this.addedNames.push(name);
    }
    return added;
  }
}

/**
 * The sequence that ended the most batches: how many, and where the first batch that ended so
 * lies in the step column. Its steps are named from the column: made from the batch's requests,
 * they made every batch of the client (600,636 at 1 GiB) to take one.
 */
interface MostCommon {
  readonly count: number;
  readonly from: number;
  readonly length: number;
}

/**
 * The most common step sequence of the batches in columns from `start` to `end` (a client's: each
 * batch a run of one batch number); the first seen wins among equals. Each distinct sequence is
 * kept as where its first batch lies in the columns, found again by a hash of its steps and
 * compared step by step. A trie made an object and an array of children for each distinct prefix
 * of a client's batches: the 100 MiB bench log's 59,115 batches (1 to 46 requests, 3,479
 * clients) allocated 23 MB so, 10 MB with a Map and lists per client, none now: `sequences`
 * serves every client.
 */
function findMostCommonSequence(step: Int32Array, start: number, end: number, sequences: DistinctSequences): MostCommon | null {
  let batches = 0;
  for (let i = start; i < end; i++) if (step[i]! < 0) batches++;
  sequences.start(step, batches);
  for (let i = start; i < end; ) {
    const from = i;
    let hash = (step[i++]! + 1) | 0;
    for (; i < end && step[i]! >= 0; i++) hash = (Math.imul(hash, 31) + step[i]! + 1) | 0;
    sequences.count(hash, from, i - from);
  }
  return sequences.mostCommon();
}

/**
 * A client's distinct step sequences, numbered in the order each was first seen, in an open-addressed
 * table of their numbers by hash. Made once and started over for each client, in columns sized for
 * the most batches a client had: a Map and four lists grown by push per client were 53 MB of the
 * report's heap allocation at 1 GiB (600,636 batches; a sampling heap profile that counts collected
 * objects, /tmp/s22t/heapprof.mjs).
 */
class DistinctSequences {
  private steps: Int32Array = new Int32Array(0);
  /** Each sequence's number plus one by its hash's slot; 0 for none. Only the first `mask + 1` slots are the client's. */
  private slots = new Int32Array(0);
  private mask = 0;
  private shift = 0;
  private size = 0;
  /** By sequence number: its hash, where its first batch lies in the step column and its length, how many batches ended so. */
  private hashes = new Int32Array(0);
  private from = new Int32Array(0);
  private length = new Int32Array(0);
  private counts = new Int32Array(0);

  /** Starts over for a client with `batches` batches in `steps`. */
  start(steps: Int32Array, batches: number) {
    this.steps = steps;
    this.size = 0;
    // Twice as many slots as sequences at most, a power of two.
    let bits = 4;
    while (1 << bits < 2 * batches) bits++;
    const room = 1 << bits;
    if (this.slots.length < room) this.slots = new Int32Array(room);
    else this.slots.fill(0, 0, room);
    this.mask = room - 1;
    this.shift = 32 - bits;
    if (this.counts.length < batches) {
      const length = Math.max(batches, 2 * this.counts.length);
      this.hashes = new Int32Array(length);
      this.from = new Int32Array(length);
      this.length = new Int32Array(length);
      this.counts = new Int32Array(length);
    }
  }

  count(hash: number, from: number, length: number) {
    // Fibonacci hashing: the hash's high bits after a multiply pick the slot, then the next slots in turn.
    for (let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & this.mask) {
      const sequence = this.slots[slot]! - 1;
      if (sequence === -1) {
        const added = this.size++;
        this.slots[slot] = added + 1;
        this.hashes[added] = hash;
        this.from[added] = from;
        this.length[added] = length;
        this.counts[added] = 1;
        return;
      }
      if (this.hashes[sequence] === hash && this.isSame(sequence, from, length)) {
        this.counts[sequence]!++;
        return;
      }
    }
  }

  /** The most counted, the first seen among equals. */
  mostCommon(): MostCommon | null {
    let best = -1;
    for (let s = 0; s < this.size; s++) if (best === -1 || this.counts[s]! > this.counts[best]!) best = s;
    return best === -1 ? null : { count: this.counts[best]!, from: this.from[best]!, length: this.length[best]! };
  }

  private isSame(sequence: number, from: number, length: number): boolean {
    if (this.length[sequence] !== length) return false;
    const other = this.from[sequence]!;
    for (let i = 0; i < length; i++) if (this.steps[other + i] !== this.steps[from + i]) return false;
    return true;
  }
}
