import { clientPositions } from "./client-index.js";
import { ABSENT_CODE, NULL_CODE } from "./interner.js";
import type { LoggedRequest } from "./records.js";
import { requestRows } from "./rows.js";
import type { RequestRecord, Timeline } from "./model.js";

export interface BatchPattern {
  readonly client: string;
  readonly steps: readonly string[];
  readonly batches: number;
  readonly ofBatches: number;
}

/**
 * The most common sequence of requests within a client's batches: the report's "pattern within each
 * batch". Each request's step is read in log order into a column grouped by client, then
 * each client's batches are counted from its columns. Read client by client, a busy log's request
 * records lie all over the heap (the 1 GiB bench log's 2.0M took 1.6 s so); followed side by side
 * in log order, the clients' tries did not stay in cache and it took longer still.
 */
export function findBatchPatterns(timeline: Timeline): BatchPattern[] {
  const steps = new StepNumbers();
  const columns = readStepsByClient(timeline, steps);
  const sequences = new DistinctSequences();
  return timeline.clients.flatMap((client, k) => {
    const best = findMostCommonSequence(columns, columns.from[k]!, columns.from[k + 1]!, sequences);
    if (!best) return [];
    return [{ client: client.key, steps: steps.namesOf(columns.step, best.from, best.length), batches: best.count, ofBatches: client.batchCount }];
  });
}

/**
 * Every request's step, each client's requests side by side (from[k] to from[k + 1] - 1) in log
 * order, the first of each batch marked (see markStart). A batch is a run of one client's requests:
 * a mark, not a column of batch numbers, which were 8 MB more of the report's peak at 1 GiB.
 */
interface StepColumns {
  readonly from: Int32Array;
  readonly step: StepColumn;
}

/**
 * 16 bits a request while the step numbers fit (a log has a handful of distinct steps), 32 once
 * one does not (hostile input can have a method per request): at 1 GiB the column was 7.7 MB of
 * Int32Array, made last in the report and held to its end (promoted, freed at the next full
 * collection), the run's peak.
 */
type StepColumn = Int16Array | Int32Array;

/** The highest step a 16-bit column holds, marked (markStart) or not. */
const NARROW_STEP_MAX = 0x7fff;

/** A batch's first step, negative (a step number is not): the runs of one batch are told apart so. */
const markStart = (step: number) => -1 - step;
const stepOf = (marked: number) => (marked < 0 ? -1 - marked : marked);

function readStepsByClient(timeline: Timeline, steps: StepNumbers): StepColumns {
  const { clients } = timeline;
  // A client's list holds the requests of timeline.requests with its key, in their order.
  const from = new Int32Array(clients.length + 1);
  for (let k = 0; k < clients.length; k++) from[k + 1] = from[k]! + clients[k]!.requests.length;
  const next = from.slice(0, clients.length);
  // Each client's batch so far: a client's batch numbers only grow along its requests.
  const batchOf = new Int32Array(clients.length).fill(-1);
  let column: StepColumn = new Int16Array(from[clients.length]!);
  let narrow = true;
  const positions = clientPositions(timeline);
  const requests = requestRows(timeline);
  const request = requests.table.cursor();
  for (let i = 0; i < requests.length; i++) {
    request.moveTo(requests.row(i));
    const k = positions[request.clientCode]!;
    const step = steps.numberOf(request);
    if (narrow && step > NARROW_STEP_MAX) {
      column = Int32Array.from(column);
      narrow = false;
    }
    const batch = request.batch;
    column[next[k]!++] = batch === batchOf[k] ? step : markStart(step);
    batchOf[k] = batch;
  }
  return { from, step: column };
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
function findMostCommonSequence(columns: StepColumns, start: number, end: number, sequences: DistinctSequences): MostCommon | null {
  const { step } = columns;
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
  private steps: StepColumn = new Int32Array(0);
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
  start(steps: StepColumn, batches: number) {
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

/**
 * Each distinct step (describeStep's answer) numbered once: a busy log has millions of requests
 * and a handful of distinct steps, and building the name per request was most of this pass.
 * Requests that differ only in what the name leaves out share a number, as they share the name.
 */
class StepNumbers {
  /**
   * By the methods' numbers in the timeline's strings (equal numbers are equal strings), offset
   * past the negative ones (NULL_CODE, ABSENT_CODE): methods are among the first strings, so these
   * arrays stay short. Two Maps by number took 50 ms of the 1 GiB bench log's pass.
   */
  private readonly byRpc: (number[][] | undefined)[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];
  private lastSlots: number[] | null = null;
  private lastRpc = 0;
  private lastHttp = 0;

  numberOf(request: LoggedRequest): number {
    // The methods as their numbers: their strings made and compared per request were some 100 ms at 1 GiB.
    const rpcMethod = request.rpcMethodCode;
    const httpMethod = request.httpMethodCode;
    // Most requests have the methods of the request before: their slots are kept, not looked up twice.
    let slots = this.lastSlots;
    if (slots === null || rpcMethod !== this.lastRpc || httpMethod !== this.lastHttp) {
      const byHttp = (this.byRpc[rpcMethod - ABSENT_CODE] ??= []);
      this.lastSlots = slots = byHttp[httpMethod - ABSENT_CODE] ??= [];
      this.lastRpc = rpcMethod;
      this.lastHttp = httpMethod;
    }
    // The session id as its number (null is NULL_CODE, absent another negative; see Interner), not made a string twice.
    const code = request.sessionCode;
    const session = code === NULL_CODE ? 0 : code < 0 ? 1 : 2;
    const slot = session * 3 + (request.isInitialize === true ? 0 : request.isInitialize === false ? 1 : 2);
    return (slots[slot] ??= this.numberOfName(describeStep(request)));
  }

  /** The names of the steps numbered in `column` from `from`, `length` of them. */
  namesOf(column: StepColumn, from: number, length: number): string[] {
    const names = new Array<string>(length);
    for (let i = 0; i < length; i++) names[i] = this.names[stepOf(column[from + i]!)]!;
    return names;
  }

  private numberOfName(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      this.numbers.set(name, (number = this.names.length));
      this.names.push(name);
    }
    return number;
  }
}

function describeStep(request: RequestRecord): string {
  const what = request.rpcMethod ?? (request.isInitialize ? "initialize" : null) ?? request.httpMethod ?? "request";
  const method = request.httpMethod && request.httpMethod !== "POST" && request.rpcMethod === null ? "" : request.httpMethod === "POST" || request.httpMethod === null ? "" : `${request.httpMethod} `;
  const session = request.sessionId === null ? " (no session id)" : request.sessionId === undefined ? "" : " (with session id)";
  return `${method}${what}${session}`;
}
