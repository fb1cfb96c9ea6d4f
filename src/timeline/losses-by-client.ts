import { CountedEvidence, MAX_EVIDENCE } from "../counted-evidence.js";
import { withRoomFor } from "../grown-column.js";
import type { ReinitializeKind } from "./model.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/**
 * Each client's losses, counted, the first MAX_EVIDENCE kept as their requests' rows, told as the
 * sweep classifies them: the count and the first are all the clients table and session-churn read,
 * and the sweep finds a loss's client as it goes. Rows, not lines: a loss's line is made only for
 * the findings that list it, and a row outlives the re-initializes' columns, which a position in
 * them did not.
 *
 * Counted in a column by client, its rows' list touched only for its first MAX_EVIDENCE: one
 * object per client, counted at each loss, was 45 ms of the main thread at 1 GiB (node --cpu-prof;
 * 312,661 losses over 3,479 clients' objects spread over the heap, a cache miss each).
 */
export class LossesByClient implements WalkObserver {
  /** By the client's position in the unfiltered timeline's clients (Tallies.positionOf): how many it lost. */
  private counts = new Int32Array(64);
  /** By the same position: its first MAX_EVIDENCE losses' rows, undefined for a client with none. */
  private readonly firstRows: (number[] | undefined)[] = [];

  reinitialization(request: LoggedRequest, client: number, kind: ReinitializeKind) {
    if (kind !== "loss") return;
    if (client >= this.counts.length) this.counts = withRoomFor(this.counts, client);
    if (this.counts[client]!++ >= MAX_EVIDENCE) return;
    const firstRows = this.firstRows;
    while (firstRows.length <= client) firstRows.push(undefined);
    (firstRows[client] ??= []).push(request.row);
  }

  /** The losses of the client at `position` (Tallies.positionOf), undefined if it lost none: made when asked, as the timeline may be frozen. */
  of(position: number): CountedEvidence<number> | undefined {
    const rows = this.firstRows[position];
    if (rows === undefined) return undefined;
    const losses = new CountedEvidence<number>();
    losses.kept.push(...rows);
    losses.count = this.counts[position]!;
    return losses;
  }
}
