import type { RequestRecord } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const duplicateInitialize = {
  id: "duplicate-initialize",
  description: "A client sent two or more initialize requests within one batch.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2`,
  *detect(timeline) {
    for (const client of timeline.clients) {
      for (const batch of client.batches) {
        const initializes = batch.requests.filter((r: RequestRecord) => r.isInitialize === true);
        if (initializes.length < 2) continue;
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
