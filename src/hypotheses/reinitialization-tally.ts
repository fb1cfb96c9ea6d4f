import type { LineRef } from "../events.js";
import type { ReinitializeKind, Timeline } from "../timeline/model.js";
import type { LoggedRequest } from "../timeline/records.js";
import type { WalkObserver } from "../timeline/walk-feed.js";
import { MAX_HYPOTHESIS_EVIDENCE } from "./hypothesis.js";

/**
 * How many re-initializes were of each kind, and the first losses' lines, told as the sweep classifies
 * them (the hypotheses' "after-restart" and "after-end" counts, the report's losses): each is final
 * when told, and an unfiltered timeline keeps no list of them to count after the fold.
 */
export class ReinitializationTally implements WalkObserver {
  private readonly counts: Record<ReinitializeKind, number> = { first: 0, "after-restart": 0, "after-not-found": 0, "after-end": 0, loss: 0 };
  /** The first MAX_HYPOTHESIS_EVIDENCE losses' lines, in log order. */
  readonly lossRefs: LineRef[] = [];

  reinitialization(request: LoggedRequest, _client: number, kind: ReinitializeKind) {
    this.counts[kind]++;
    if (kind === "loss" && this.lossRefs.length < MAX_HYPOTHESIS_EVIDENCE) this.lossRefs.push(request.ref);
  }

  countOf(kind: ReinitializeKind): number {
    return this.counts[kind];
  }

  get losses(): number {
    return this.counts.loss;
  }
}

/** How many of the timeline's re-initializes were of `kind`, how many were losses, and the first losses' lines (MAX_HYPOTHESIS_EVIDENCE). */
export function tallyReinitializations(timeline: Timeline, kind: Exclude<ReinitializeKind, "loss">): { ofKind: number; losses: number; lossRefs: readonly LineRef[] } {
  const tally = timeline.tallies.of(ReinitializationTally);
  return { ofKind: tally.countOf(kind), losses: tally.losses, lossRefs: [...tally.lossRefs] };
}
