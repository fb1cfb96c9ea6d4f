import type { Client, RequestRecord } from "./model.js";

export interface BatchPattern {
  readonly client: string;
  readonly steps: readonly string[];
  readonly batches: number;
  readonly ofBatches: number;
}

/** The most common sequence of requests within a client's batches: the report's "pattern within each batch". */
export function findBatchPatterns(clients: readonly Client[]): BatchPattern[] {
  return clients.flatMap((client) => {
    const counts = new Map<string, { steps: string[]; count: number }>();
    for (const batch of client.batches) {
      const steps = batch.requests.map(describeStep);
      const key = JSON.stringify(steps);
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { steps, count: 1 });
    }
    let best: { steps: string[]; count: number } | null = null;
    for (const candidate of counts.values()) if (!best || candidate.count > best.count) best = candidate;
    return best ? [{ client: client.key, steps: best.steps, batches: best.count, ofBatches: client.batches.length }] : [];
  });
}

function describeStep(request: RequestRecord): string {
  const what = request.rpcMethod ?? (request.isInitialize ? "initialize" : null) ?? request.httpMethod ?? "request";
  const method = request.httpMethod && request.httpMethod !== "POST" && request.rpcMethod === null ? "" : request.httpMethod === "POST" || request.httpMethod === null ? "" : `${request.httpMethod} `;
  const session = request.sessionId === null ? " (no session id)" : request.sessionId === undefined ? "" : " (with session id)";
  return `${method}${what}${session}`;
}
