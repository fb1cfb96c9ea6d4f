import { GatheredValues } from "../gathered-values.js";
import type { ReinitializeKind } from "./model.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/**
 * The report's idle gaps before a loss (the time since the client's request before it), told as the
 * sweep classifies the losses, gathered out of memory (GatheredValues).
 */
export class LossIdleGaps implements WalkObserver {
  readonly gaps = new GatheredValues("the losses' idle gaps");

  reinitialization(_request: LoggedRequest, _client: number, kind: ReinitializeKind, _aliveCount: number, idleGapMs: number | null) {
    // A client's first request has no gap before it.
    if (kind === "loss" && idleGapMs !== null) this.gaps.add(idleGapMs);
  }

  /** Every loss was told: only the summary is read after. */
  finish() {
    this.gaps.settle();
  }
}
