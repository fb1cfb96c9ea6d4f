import type { Client, RequestRecord } from "./model.js";

export interface BatchPattern {
  readonly client: string;
  readonly steps: readonly string[];
  readonly batches: number;
  readonly ofBatches: number;
}

/** The most common sequence of requests within a client's batches: the report's "pattern within each batch". */
export function findBatchPatterns(clients: readonly Client[]): BatchPattern[] {
  const describeStep = stepNames();
  return clients.flatMap((client) => {
    // A trie of step sequences: a batch costs one lookup per request, not a joined key per batch.
    const root: StepNode = { next: new Map(), count: 0, first: -1 };
    const ends: StepNode[] = [];
    client.batches.forEach((batch, index) => {
      let node = root;
      const requests = batch.requests;
      for (let i = 0; i < requests.length; i++) {
        const request = requests[i]!;
        const step = describeStep(request);
        let child = node.next.get(step);
        if (!child) node.next.set(step, (child = { next: new Map(), count: 0, first: -1 }));
        node = child;
      }
      if (node.count++ === 0) {
        node.first = index;
        ends.push(node);
      }
    });
    // The first sequence seen wins among equally common ones.
    let best: StepNode | null = null;
    for (const end of ends) if (!best || end.count > best.count) best = end;
    if (!best) return [];
    return [{ client: client.key, steps: client.batches[best.first]!.requests.map(describeStep), batches: best.count, ofBatches: client.batches.length }];
  });
}

interface StepNode {
  readonly next: Map<string, StepNode>;
  count: number;
  /** The first batch that ended here, to spell the sequence out once. */
  first: number;
}

/**
 * describeStep with its answers kept: a busy log has millions of requests and a handful of
 * distinct steps, and building the name per request was most of this pass.
 */
function stepNames(): (request: RequestRecord) => string {
  const byRpc = new Map<string | null, Map<string | null, string[]>>();
  return (request) => {
    let byHttp = byRpc.get(request.rpcMethod);
    if (!byHttp) byRpc.set(request.rpcMethod, (byHttp = new Map()));
    let names = byHttp.get(request.httpMethod);
    if (!names) byHttp.set(request.httpMethod, (names = []));
    const session = request.sessionId === null ? 0 : request.sessionId === undefined ? 1 : 2;
    const slot = session * 3 + (request.isInitialize === true ? 0 : request.isInitialize === false ? 1 : 2);
    return (names[slot] ??= describeStep(request));
  };
}

function describeStep(request: RequestRecord): string {
  const what = request.rpcMethod ?? (request.isInitialize ? "initialize" : null) ?? request.httpMethod ?? "request";
  const method = request.httpMethod && request.httpMethod !== "POST" && request.rpcMethod === null ? "" : request.httpMethod === "POST" || request.httpMethod === null ? "" : `${request.httpMethod} `;
  const session = request.sessionId === null ? " (no session id)" : request.sessionId === undefined ? "" : " (with session id)";
  return `${method}${what}${session}`;
}
