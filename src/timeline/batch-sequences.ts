import { grown, withRoomFor } from "../grown-column.js";
import { NULL_CODE } from "./interner.js";
import { ANSWERED, INITIALIZE, NOT_INITIALIZE, type ReleasedRequests } from "./released-requests.js";
import { StepChains, type StepScratch } from "./step-chains.js";
import { StepNumbers } from "./step-numbers.js";
import type { WalkObserver } from "./walk-feed.js";

/** A batch's first step, negative (a step number is not): the runs of one batch are told apart so. */
export const markStart = (step: number) => -1 - step;
export const stepOf = (marked: number) => (marked < 0 ? -1 - marked : marked);

/**
 * Each kept request's step (StepNumbers), client by client, the first of each batch marked
 * (markStart), as the walk releases the requests: what the report's "pattern within each batch"
 * (batch-patterns.ts) counts, read after the fold from every request's row before. A batch is a run
 * of one batch number in the client's kept requests. Kept as steps (StepChains: half a byte a
 * request in a log of a handful of steps), not as a count of each client's distinct sequences: the
 * 1 GiB events log's batches are mostly distinct, 320,000 pairs of client and sequence, which
 * counted in hash tables raised its peak RSS by 22 MB.
 *
 * A request of unknown kind, without session id and not yet answered, may still be answered with a
 * new id and so become an initialize, a step of another name (a late fact, walk-feed.ts): it is
 * kept as its row and its place in its client's steps, and read again when the steps are
 * (undecided), from the request as the whole log left it.
 */
export class BatchSequences implements WalkObserver {
  readonly steps = new StepNumbers();
  private readonly chains = new StepChains();
  /** By the client's position (Tallies.positionOf): its last kept request's batch number. */
  private lastBatch = new Int32Array(1024);
  /** The undecided requests: their client, their place among its steps, their row. */
  private undecidedRequests = new Int32Array(3 * 16);
  private undecidedCount = 0;

  requests(released: ReleasedRequests) {
    const { length, kept, client: clients, batch: batches, sessionCode, flags, rows } = released;
    for (let i = 0; i < length; i++) {
      if (kept[i] === 0) continue;
      const client = clients[i]!;
      if (client >= this.lastBatch.length) this.lastBatch = withRoomFor(this.lastBatch, client);
      const step = this.steps.numberOf(released, i);
      const batch = batches[i]!;
      const place = this.chains.lengthOf(client);
      const starts = place === 0 || this.lastBatch[client] !== batch;
      this.lastBatch[client] = batch;
      if ((flags[i]! & (INITIALIZE | NOT_INITIALIZE | ANSWERED)) === 0 && sessionCode[i] === NULL_CODE) this.noteUndecided(client, place, rows[i]!);
      this.chains.add(client, starts ? markStart(step) : step);
    }
  }

  /** How many steps the client (by its position) has: its kept requests. */
  lengthOf(client: number): number {
    return client < 0 ? 0 : this.chains.lengthOf(client);
  }

  /** The steps of `clients` (positions; -1 for one with none), marked, each into `into` from `starts` (its index's); `scratch` as StepChains.copyClients'. */
  copyClients(clients: readonly number[], into: Int32Array, starts: readonly number[], scratch?: StepScratch) {
    this.chains.copyClients(clients, into, starts, scratch);
  }

  /** The undecided requests as [client, place, row] triples, in the order released. */
  undecided(): Int32Array {
    return this.undecidedRequests.subarray(0, 3 * this.undecidedCount);
  }

  private noteUndecided(client: number, place: number, row: number) {
    if (3 * (this.undecidedCount + 1) > this.undecidedRequests.length) this.undecidedRequests = grown(this.undecidedRequests, 2 * this.undecidedRequests.length);
    const at = 3 * this.undecidedCount++;
    this.undecidedRequests[at] = client;
    this.undecidedRequests[at + 1] = place;
    this.undecidedRequests[at + 2] = row;
  }
}
