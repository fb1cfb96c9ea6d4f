import { clientPositions } from "../timeline/client-index.js";
import { requestRows } from "../timeline/rows.js";
import type { RequestRecord, Timeline } from "../timeline/model.js";
import { CountedEvidence, SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const duplicateInitialize = {
  id: "duplicate-initialize",
  description: "A client sent two or more initialize requests within one batch.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2`,
  *detect(timeline) {
    // One finding per client, not per batch: the 1 GiB bench log had 26,847 such batches, 11.6 MB of its report.
    const found = findBatchesWithTwoInitializes(timeline);
    for (let k = 0; k < timeline.clients.length; k++) {
      const duplicates = found[k];
      if (!duplicates) continue;
      const client = timeline.clients[k]!;
      // A filtered timeline keeps a batch's number (Batch.index) but not its position.
      const first = client.batches.find((b) => b.index === duplicates.firstBatch)!;
      const spanSeconds = (duplicates.firstLastAt - duplicates.firstFirstAt) / 1000;
      yield {
        client: client.key,
        message:
          `${client.key} sent two or more initialize requests within one batch in ${duplicates.batches} of ${client.batchCount} batch(es) ` +
          `(${duplicates.initializes.count} initialize requests); the first at ${new Date(first.startAt).toISOString()}: ` +
          `${duplicates.firstInitializes} initialize requests ${spanSeconds.toFixed(1)}s apart`,
        evidence: duplicates.initializes.kept.map((r) => r.ref),
        evidenceCount: duplicates.initializes.count,
      };
    }
  },
} satisfies Analyzer;

/** A client's batches that held two or more initializes: counted, the first described, their initializes counted. */
interface Duplicates {
  batches: number;
  readonly initializes: CountedEvidence<RequestRecord>;
  readonly firstBatch: number;
  firstInitializes: number;
  readonly firstFirstAt: number;
  firstLastAt: number;
}

/**
 * Each client's batches holding two or more initializes, by the client's position in
 * timeline.clients. A client's batch numbers only grow along its requests, so one batch's
 * initializes come one after the other among its client's: one walk of the requests in log order
 * finds them for every client (client by client, a busy log's requests are scattered reads; see
 * clientPositions), and counts them as it goes, keeping no list per batch.
 */
function findBatchesWithTwoInitializes(timeline: Timeline): (Duplicates | undefined)[] {
  const n = timeline.clients.length;
  const found = new Array<Duplicates | undefined>(n);
  // Per client: the first initialize of its latest initialize's batch, that batch (-1: none yet)
  // and how many initializes it has held so far.
  const first = new Array<RequestRecord | null>(n).fill(null);
  const firstBatch = new Int32Array(n).fill(-1);
  const inBatch = new Int32Array(n);
  const positions = clientPositions(timeline);
  const requests = requestRows(timeline);
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    if (r.isInitialize !== true) continue;
    const k = positions[r.clientCode]!;
    const batch = r.batch;
    if (batch !== firstBatch[k]) {
      first[k] = r;
      firstBatch[k] = batch;
      inBatch[k] = 1;
      continue;
    }
    const count = ++inBatch[k]!;
    let duplicates = found[k];
    if (!duplicates) {
      const at = first[k]!.at;
      found[k] = duplicates = { batches: 0, initializes: new CountedEvidence(), firstBatch: batch, firstInitializes: 0, firstFirstAt: at, firstLastAt: at };
    }
    if (count === 2) {
      duplicates.batches++;
      duplicates.initializes.add(first[k]!);
    }
    duplicates.initializes.add(r);
    if (batch === duplicates.firstBatch) {
      duplicates.firstInitializes = count;
      duplicates.firstLastAt = r.at;
    }
  }
  return found;
}
