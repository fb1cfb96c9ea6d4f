import { INITIALIZE, type ReleasedRequests } from "../timeline/released-requests.js";
import { requestRows } from "../timeline/rows.js";
import { refsInRowOrder } from "../timeline/refs-in-row-order.js";
import type { WalkObserver } from "../timeline/walk-feed.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { CountedEvidence } from "../counted-evidence.js";

export const duplicateInitialize = {
  id: "duplicate-initialize",
  description: "A client sent two or more initialize requests within one batch.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2`,
  *detect(timeline) {
    const { tallies } = timeline;
    const found = tallies.of(DuplicateInitializes).found;
    // One finding per client, not per batch: the 1 GiB bench log had 26,847 such batches, 11.6 MB of its report.
    const clients = timeline.clients.flatMap((client) => {
      const duplicates = found[tallies.positionOf(client)];
      return duplicates ? [{ client, duplicates }] : [];
    });
    // Every client's initializes read together in row order: client by client, they were 1,040 reads of spilled blocks at 1 GiB.
    const refs = refsInRowOrder(requestRows(timeline).table, clients.flatMap(({ duplicates }) => duplicates.initializes.kept));
    for (const { client, duplicates } of clients) {
      const spanSeconds = (duplicates.firstLastAt - duplicates.firstFirstAt) / 1000;
      yield {
        client: client.key,
        message:
          `${client.key} sent two or more initialize requests within one batch in ${duplicates.batches} of ${client.batchCount} batch(es) ` +
          `(${duplicates.initializes.count} initialize requests); the first at ${new Date(duplicates.firstStartAt).toISOString()}: ` +
          `${duplicates.firstInitializes} initialize requests ${spanSeconds.toFixed(1)}s apart`,
        evidence: duplicates.initializes.kept.map((row) => refs.get(row)!),
        evidenceCount: duplicates.initializes.count,
      };
    }
  },
} satisfies Analyzer;

/** A client's batches that held two or more initializes: counted, the first described, their initializes counted (as their rows). */
interface Duplicates {
  batches: number;
  readonly initializes: CountedEvidence<number>;
  /** When the first such batch started: its first request's time, an initialize or not, kept or not. */
  readonly firstStartAt: number;
  readonly firstBatch: number;
  firstInitializes: number;
  readonly firstFirstAt: number;
  firstLastAt: number;
}

/**
 * Each client's batches holding two or more initializes, by the client's position (Tallies.positionOf),
 * found as the walk releases the requests. A client's batch numbers only grow along its requests, so
 * one batch's initializes come one after the other among its client's: each is counted as it comes,
 * with no list per batch, and the batch's start is noted at its first request (reading it from the
 * client's batches made every batch of every client, 15.9 MB at 1 GiB).
 */
export class DuplicateInitializes implements WalkObserver {
  readonly found: (Duplicates | undefined)[] = [];
  /** Per client: the batch of its latest request and when that batch started. */
  private readonly batch: number[] = [];
  private readonly batchStartAt: number[] = [];
  /** Per client: the first initialize of its latest initialize's batch (its row and time), that batch (-1: none yet) and how many initializes it has held so far. */
  private readonly firstRow: number[] = [];
  private readonly firstAt: number[] = [];
  private readonly firstBatch: number[] = [];
  private readonly inBatch: number[] = [];

  requests({ length, client, kept, batch: batches, at, flags, rows }: ReleasedRequests) {
    for (let i = 0; i < length; i++) {
      const k = client[i]!;
      if (k === this.batch.length) {
        this.found.push(undefined);
        this.batch.push(-1);
        this.batchStartAt.push(Number.NaN);
        this.firstRow.push(-1);
        this.firstAt.push(Number.NaN);
        this.firstBatch.push(-1);
        this.inBatch.push(0);
      }
      const batch = batches[i]!;
      if (batch !== this.batch[k]) {
        this.batch[k] = batch;
        this.batchStartAt[k] = at[i]!;
      }
      if (kept[i] === 0 || (flags[i]! & INITIALIZE) === 0) continue;
      this.countInitialize(k, batch, rows[i]!, at[i]!);
    }
  }

  /** A kept initialize of the client at position `k`, in `batch`: its row and time. */
  private countInitialize(k: number, batch: number, row: number, at: number) {
    if (batch !== this.firstBatch[k]) {
      this.firstRow[k] = row;
      this.firstAt[k] = at;
      this.firstBatch[k] = batch;
      this.inBatch[k] = 1;
      return;
    }
    const count = ++this.inBatch[k]!;
    let duplicates = this.found[k];
    if (!duplicates) {
      const first = this.firstAt[k]!;
      this.found[k] = duplicates = { batches: 0, initializes: new CountedEvidence(), firstStartAt: this.batchStartAt[k]!, firstBatch: batch, firstInitializes: 0, firstFirstAt: first, firstLastAt: first };
    }
    if (count === 2) {
      duplicates.batches++;
      duplicates.initializes.add(this.firstRow[k]!);
    }
    duplicates.initializes.add(row);
    if (batch === duplicates.firstBatch) {
      duplicates.firstInitializes = count;
      duplicates.firstLastAt = at;
    }
  }
}
