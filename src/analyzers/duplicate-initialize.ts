import type { Client, RequestRecord } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const duplicateInitialize = {
  id: "duplicate-initialize",
  description: "A client sent two or more initialize requests within one batch.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2`,
  *detect(timeline) {
    for (const client of timeline.clients) {
      const { batches } = client;
      let b = 0;
      for (const initializes of findBatchesWithTwoInitializes(client)) {
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
 * The initializes of each batch holding two or more, in batch order. A client's batch numbers
 * only grow along its requests (and a batch's requests are those of the client's with its number,
 * in the same order), so one batch's initializes come one after the other: one walk over the
 * requests finds them, where filtering every duplicated batch's own list read them twice.
 */
function findBatchesWithTwoInitializes(client: Client): RequestRecord[][] {
  const found: RequestRecord[][] = [];
  let first: RequestRecord | null = null;
  // Made at a batch's second initialize: most batches hold one, and a list for each cost time.
  let run: RequestRecord[] | null = null;
  for (let i = 0; i < client.requests.length; i++) {
    const r = client.requests[i]!;
    if (r.isInitialize !== true) continue;
    if (first !== null && r.batch === first.batch) {
      (run ??= [first]).push(r);
      continue;
    }
    if (run) found.push(run);
    first = r;
    run = null;
  }
  if (run) found.push(run);
  return found;
}
