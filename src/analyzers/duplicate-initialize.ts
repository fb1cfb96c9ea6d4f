import type { Client } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const duplicateInitialize = {
  id: "duplicate-initialize",
  description: "A client sent two or more initialize requests within one batch.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2`,
  *detect(timeline) {
    for (const client of timeline.clients) {
      const duplicated = findBatchesWithTwoInitializes(client);
      if (duplicated === null) continue;
      for (const batch of client.batches) {
        if (!duplicated.has(batch.index)) continue;
        const initializes = batch.requests.filter((r) => r.isInitialize === true);
        const spanSeconds = (initializes.at(-1)!.at - initializes[0]!.at) / 1000;
        yield {
          client: client.key,
          message: `${client.key} sent ${initializes.length} initialize requests within one batch at ${new Date(batch.startAt).toISOString()} (${spanSeconds.toFixed(1)}s apart)`,
          evidence: initializes.map((r) => r.ref),
        };
      }
    }
  },
} satisfies Analyzer;

/**
 * The batch numbers (Batch.index) holding two initializes or more, or null for none. A client's
 * batch numbers only grow along its requests, so two such initializes come one after the other;
 * walking the requests, not every batch's own list, halved this rule's time.
 */
function findBatchesWithTwoInitializes(client: Client): Set<number> | null {
  let found: Set<number> | null = null;
  let previous = -1;
  for (let i = 0; i < client.requests.length; i++) {
    const r = client.requests[i]!;
    if (r.isInitialize !== true) continue;
    if (r.batch === previous) (found ??= new Set()).add(r.batch);
    previous = r.batch;
  }
  return found;
}
