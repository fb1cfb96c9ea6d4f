import { clientPositions } from "./client-index.js";
import { NULL_CODE } from "./interner.js";
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
  return timeline.clients.flatMap((client, k) => {
    const best = findMostCommonSequence(columns, columns.from[k]!, columns.from[k + 1]!);
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
  readonly step: Int32Array;
}

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
  const columns = { from, step: new Int32Array(from[clients.length]!) };
  const positions = clientPositions(timeline);
  const requests = requestRows(timeline);
  const request = requests.table.cursor();
  for (let i = 0; i < requests.length; i++) {
    request.moveTo(requests.row(i));
    const k = positions[request.clientCode]!;
    const step = steps.numberOf(request);
    const batch = request.batch;
    columns.step[next[k]!++] = batch === batchOf[k] ? step : markStart(step);
    batchOf[k] = batch;
  }
  return columns;
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
 * clients) allocated 23 MB so, 10 MB now (sampling heap profiler, collected objects included).
 */
function findMostCommonSequence(columns: StepColumns, start: number, end: number): MostCommon | null {
  const { step } = columns;
  const sequences = new DistinctSequences(step);
  for (let i = start; i < end; ) {
    const from = i;
    let hash = (step[i++]! + 1) | 0;
    for (; i < end && step[i]! >= 0; i++) hash = (Math.imul(hash, 31) + step[i]! + 1) | 0;
    sequences.count(hash, from, i - from);
  }
  return sequences.mostCommon();
}

/** A client's distinct step sequences, numbered in the order each was first seen. */
class DistinctSequences {
  /** The first sequence of each hash; the others of that hash follow by `nextOfHash`. */
  private readonly byHash = new Map<number, number>();
  private readonly nextOfHash: number[] = [];
  /** Where its first batch lies in the step column, and its length. */
  private readonly from: number[] = [];
  private readonly length: number[] = [];
  private readonly counts: number[] = [];

  constructor(private readonly steps: Int32Array) {}

  count(hash: number, from: number, length: number) {
    let sequence = this.byHash.get(hash) ?? -1;
    let last = -1;
    while (sequence !== -1 && !this.isSame(sequence, from, length)) {
      last = sequence;
      sequence = this.nextOfHash[sequence]!;
    }
    if (sequence === -1) {
      sequence = this.counts.length;
      if (last === -1) this.byHash.set(hash, sequence);
      else this.nextOfHash[last] = sequence;
      this.nextOfHash.push(-1);
      this.from.push(from);
      this.length.push(length);
      this.counts.push(0);
    }
    this.counts[sequence]!++;
  }

  /** The most counted, the first seen among equals. */
  mostCommon(): MostCommon | null {
    let best = -1;
    for (let s = 0; s < this.counts.length; s++) if (best === -1 || this.counts[s]! > this.counts[best]!) best = s;
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
  /** By the methods' numbers in the timeline's strings: equal numbers are equal strings. */
  private readonly byRpc = new Map<number, Map<number, number[]>>();
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
      let byHttp = this.byRpc.get(rpcMethod);
      if (!byHttp) this.byRpc.set(rpcMethod, (byHttp = new Map()));
      let found = byHttp.get(httpMethod);
      if (!found) byHttp.set(httpMethod, (found = []));
      this.lastSlots = slots = found;
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
  namesOf(column: Int32Array, from: number, length: number): string[] {
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
