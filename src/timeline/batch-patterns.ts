import type { Client, RequestRecord } from "./model.js";

export interface BatchPattern {
  readonly client: string;
  readonly steps: readonly string[];
  readonly batches: number;
  readonly ofBatches: number;
}

/** The most common sequence of requests within a client's batches: the report's "pattern within each batch". */
export function findBatchPatterns(clients: readonly Client[]): BatchPattern[] {
  const steps = new StepNumbers();
  return clients.flatMap((client) => {
    // A trie of step sequences: a batch costs one array read per request, not a joined key per batch.
    const root = newNode();
    const ends: StepNode[] = [];
    const batches = client.batches;
    for (let index = 0; index < batches.length; index++) {
      let node = root;
      const requests = batches[index]!.requests;
      for (let i = 0; i < requests.length; i++) {
        const step = steps.numberOf(requests[i]!);
        node = node.next[step] ??= newNode();
      }
      if (node.count++ === 0) {
        node.first = index;
        ends.push(node);
      }
    }
    // The first sequence seen wins among equally common ones.
    let best: StepNode | null = null;
    for (const end of ends) if (!best || end.count > best.count) best = end;
    if (!best) return [];
    return [{ client: client.key, steps: batches[best.first]!.requests.map((r) => steps.nameOf(r)), batches: best.count, ofBatches: batches.length }];
  });
}

interface StepNode {
  /** Indexed by step number: a log has a handful of distinct steps. */
  readonly next: StepNode[];
  count: number;
  /** The first batch that ended here, to spell the sequence out once. */
  first: number;
}

const newNode = (): StepNode => ({ next: [], count: 0, first: -1 });

/**
 * Each distinct step (describeStep's answer) numbered once: a busy log has millions of requests
 * and a handful of distinct steps, and building the name per request was most of this pass.
 */
class StepNumbers {
  private readonly byRpc = new Map<string | null, Map<string | null, number[]>>();
  private readonly names: string[] = [];

  numberOf(request: RequestRecord): number {
    let byHttp = this.byRpc.get(request.rpcMethod);
    if (!byHttp) this.byRpc.set(request.rpcMethod, (byHttp = new Map()));
    let numbers = byHttp.get(request.httpMethod);
    if (!numbers) byHttp.set(request.httpMethod, (numbers = []));
    const session = request.sessionId === null ? 0 : request.sessionId === undefined ? 1 : 2;
    const slot = session * 3 + (request.isInitialize === true ? 0 : request.isInitialize === false ? 1 : 2);
    let step = numbers[slot];
    if (step === undefined) numbers[slot] = step = this.numberOfName(describeStep(request));
    return step;
  }

  /** Requests that differ only in what the name leaves out are one step, as they were when the trie was keyed by name. */
  private numberOfName(name: string): number {
    const known = this.names.indexOf(name);
    return known === -1 ? this.names.push(name) - 1 : known;
  }

  nameOf(request: RequestRecord): string {
    return this.names[this.numberOf(request)]!;
  }
}

function describeStep(request: RequestRecord): string {
  const what = request.rpcMethod ?? (request.isInitialize ? "initialize" : null) ?? request.httpMethod ?? "request";
  const method = request.httpMethod && request.httpMethod !== "POST" && request.rpcMethod === null ? "" : request.httpMethod === "POST" || request.httpMethod === null ? "" : `${request.httpMethod} `;
  const session = request.sessionId === null ? " (no session id)" : request.sessionId === undefined ? "" : " (with session id)";
  return `${method}${what}${session}`;
}
