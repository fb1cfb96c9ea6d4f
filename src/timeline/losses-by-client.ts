import { CountedEvidence } from "../counted-evidence.js";
import type { ReinitializeKind } from "./model.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/**
 * Each client's losses, counted, the first MAX_EVIDENCE kept as their requests' rows, told as the
 * sweep classifies them: the count and the first are all the clients table and session-churn read,
 * and the sweep finds a loss's client as it goes. Rows, not lines: a loss's line is made only for
 * the findings that list it, and a row outlives the re-initializes' columns, which a position in
 * them did not.
 */
export class LossesByClient implements WalkObserver {
  /** By the client's position in the unfiltered timeline's clients (Tallies.positionOf); undefined for a client with none. */
  private readonly byPosition: (CountedEvidence<number> | undefined)[] = [];

  reinitialization(request: LoggedRequest, client: number, kind: ReinitializeKind) {
    if (kind !== "loss") return;
    const byPosition = this.byPosition;
    while (byPosition.length <= client) byPosition.push(undefined);
    (byPosition[client] ??= new CountedEvidence()).add(request.row);
  }

  /** The losses of the client at `position` (Tallies.positionOf), undefined if it lost none. */
  of(position: number): CountedEvidence<number> | undefined {
    return this.byPosition[position];
  }
}
