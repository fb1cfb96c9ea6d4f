import { clientPositions } from "./client-index.js";
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
 * batch". Each request's step and batch are read in log order into columns grouped by client, then
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
    return [{ client: client.key, steps: client.batches[best.first]!.requests.map((r) => steps.nameOf(r)), batches: best.count, ofBatches: client.batches.length }];
  });
}

/** Every request's step and batch, each client's requests side by side (from[k] to from[k + 1] - 1) in log order. */
interface StepColumns {
  readonly from: Int32Array;
  readonly step: Int32Array;
  readonly batch: Int32Array;
}

function readStepsByClient(timeline: Timeline, steps: StepNumbers): StepColumns {
  const { clients } = timeline;
  // A client's list holds the requests of timeline.requests with its key, in their order.
  const from = new Int32Array(clients.length + 1);
  for (let k = 0; k < clients.length; k++) from[k + 1] = from[k]! + clients[k]!.requests.length;
  const next = from.slice(0, clients.length);
  const columns = { from, step: new Int32Array(from[clients.length]!), batch: new Int32Array(from[clients.length]!) };
  const positions = clientPositions(timeline);
  const requests = requestRows(timeline);
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i]!;
    const at = next[positions[request.clientCode]!]!++;
    columns.step[at] = steps.numberOf(request);
    columns.batch[at] = request.batch;
  }
  return columns;
}

interface StepNode {
  /** Indexed by step number: a log has a handful of distinct steps. */
  readonly next: StepNode[];
  count: number;
  /** The first batch that ended here (its position in the client's batches), to spell the sequence out once. */
  first: number;
}

const newNode = (): StepNode => ({ next: [], count: 0, first: -1 });

/**
 * The most common step sequence of the batches in columns from `start` to `end` (a client's: each
 * batch a run of one batch number), counted in a trie; the first seen wins among equals.
 */
function findMostCommonSequence(columns: StepColumns, start: number, end: number): StepNode | null {
  const root = newNode();
  const ends: StepNode[] = [];
  let position = 0;
  for (let i = start; i < end; position++) {
    const batch = columns.batch[i]!;
    let node = root;
    for (; i < end && columns.batch[i] === batch; i++) node = node.next[columns.step[i]!] ??= newNode();
    if (node.count++ === 0) {
      node.first = position;
      ends.push(node);
    }
  }
  let best: StepNode | null = null;
  for (const node of ends) if (!best || node.count > best.count) best = node;
  return best;
}

/**
 * Each distinct step (describeStep's answer) numbered once: a busy log has millions of requests
 * and a handful of distinct steps, and building the name per request was most of this pass.
 * Requests that differ only in what the name leaves out share a number, as they share the name.
 */
class StepNumbers {
  private readonly byRpc = new Map<string | null, Map<string | null, number[]>>();
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];

  numberOf(request: RequestRecord): number {
    let byHttp = this.byRpc.get(request.rpcMethod);
    if (!byHttp) this.byRpc.set(request.rpcMethod, (byHttp = new Map()));
    let slots = byHttp.get(request.httpMethod);
    if (!slots) byHttp.set(request.httpMethod, (slots = []));
    const session = request.sessionId === null ? 0 : request.sessionId === undefined ? 1 : 2;
    const slot = session * 3 + (request.isInitialize === true ? 0 : request.isInitialize === false ? 1 : 2);
    return (slots[slot] ??= this.numberOfName(describeStep(request)));
  }

  nameOf(request: RequestRecord): string {
    return this.names[this.numberOf(request)]!;
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
