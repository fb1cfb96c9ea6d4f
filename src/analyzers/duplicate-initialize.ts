import { clientPositions } from "../timeline/client-index.js";
import { requestRows } from "../timeline/rows.js";
import type { RequestRecord, Timeline } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const duplicateInitialize = {
  id: "duplicate-initialize",
  description: "A client sent two or more initialize requests within one batch.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2`,
  *detect(timeline) {
    const found = findBatchesWithTwoInitializes(timeline);
    for (let k = 0; k < timeline.clients.length; k++) {
      const client = timeline.clients[k]!;
      const { batches } = client;
      let b = 0;
      for (const initializes of found[k] ?? []) {
        // Both in batch order: the batch is found by walking on, not by a lookup per batch.
        const index = initializes[0]!.batch;
        while (b < batches.length && batches[b]!.index < index) b++;
        if (batches[b]?.index !== index) continue;
        const spanSeconds = (initializes.at(-1)!.at - initializes[0]!.at) / 1000;
        yield {
          client: client.key,
          message: `${client.key} sent ${initializes.length} initialize requests within one batch at ${new Date(batches[b]!.startAt).toISOString()} (${spanSeconds.toFixed(1)}s apart)`,
          evidence: initializes.map((r) => r.ref),
        };
      }
    }
  },
} satisfies Analyzer;

/**
 * Each client's batches holding two or more initializes (their initializes, in batch order), by
 * the client's position in timeline.clients. A client's batch numbers only grow along its
 * requests, so one batch's initializes come one after the other among its client's: one walk of
 * the requests in log order finds them for every client (client by client, a busy log's requests
 * are scattered reads; see clientPositions).
 */
function findBatchesWithTwoInitializes(timeline: Timeline): (RequestRecord[][] | undefined)[] {
  const n = timeline.clients.length;
  const found = new Array<RequestRecord[][] | undefined>(n);
  // Per client: its latest initialize and that one's batch (-1: none yet), and the run it began,
  // made at a batch's second initialize: most batches hold one, and a list for each cost time.
  const first = new Array<RequestRecord | null>(n).fill(null);
  const firstBatch = new Int32Array(n).fill(-1);
  const run = new Array<RequestRecord[] | null>(n).fill(null);
  const positions = clientPositions(timeline);
  const requests = requestRows(timeline);
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    if (r.isInitialize !== true) continue;
    const k = positions[r.clientCode]!;
    const batch = r.batch;
    if (batch === firstBatch[k]) {
      (run[k] ??= [first[k]!]).push(r);
      continue;
    }
    if (run[k]) (found[k] ??= []).push(run[k]!);
    first[k] = r;
    firstBatch[k] = batch;
    run[k] = null;
  }
  for (let k = 0; k < n; k++) if (run[k]) (found[k] ??= []).push(run[k]!);
  return found;
}
