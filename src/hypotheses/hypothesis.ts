import type { LineRef } from "../events.js";
import type { HypothesisVerdict } from "../report.js";
import type { Timeline } from "../timeline/model.js";

export interface Decision {
  readonly verdict: HypothesisVerdict;
  readonly reason: string;
  readonly evidence: readonly LineRef[];
}

/** One row of the report's "What This Rules Out" table, decided from the timeline alone. */
export interface Hypothesis {
  readonly id: string;
  readonly title: string;
  decide(timeline: Timeline): Decision;
}

/**
 * Evidence lists in the hypotheses table stay short: the findings carry the full lists. A
 * hypothesis may stop collecting at this many (its reason carries the counts).
 */
export const MAX_HYPOTHESIS_EVIDENCE = 5;

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
