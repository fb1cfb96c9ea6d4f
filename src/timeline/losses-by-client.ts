import { CountedEvidence } from "../counted-evidence.js";
import type { ReinitializeKind } from "./model.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/**
 * Each client's losses, counted, the first MAX_EVIDENCE kept as their positions in
 * timeline.reinitializations, told as the sweep classifies them: the count and the first are all
 * the clients table and session-churn read, and the sweep finds a loss's client as it goes.
 */
export class LossesByClient implements WalkObserver {
  /** By the client's position in the unfiltered timeline's clients (Tallies.positionOf); undefined for a client with none. */
  private readonly byPosition: (CountedEvidence<number> | undefined)[] = [];

  reinitialization(_request: LoggedRequest, client: number, kind: ReinitializeKind, _aliveCount: number, _idleGapMs: number | null, index: number) {
    if (kind !== "loss") return;
    const byPosition = this.byPosition;
    while (byPosition.length <= client) byPosition.push(undefined);
    (byPosition[client] ??= new CountedEvidence()).add(index);
  }

  /** The losses of the client at `position` (Tallies.positionOf), undefined if it lost none. */
  of(position: number): CountedEvidence<number> | undefined {
    return this.byPosition[position];
  }
}
