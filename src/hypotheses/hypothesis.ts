import type { LineRef } from "../events.js";
import type { HypothesisVerdict } from "../report.js";
import type { Reinitializations } from "../timeline/classified-columns.js";
import type { ReinitializeKind, Timeline } from "../timeline/model.js";

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

/**
 * How many of the re-initializes were of `kind`, how many were losses, and the first losses'
 * lines (MAX_HYPOTHESIS_EVIDENCE): one pass, and only the lines the table shows are kept.
 */
export function tallyReinitializations(reinitializations: Reinitializations, kind: ReinitializeKind): { ofKind: number; losses: number; lossRefs: LineRef[] } {
  let ofKind = 0;
  let losses = 0;
  const lossRefs: LineRef[] = [];
  for (let i = 0; i < reinitializations.length; i++) {
    if (reinitializations.kindAt(i) === kind) ofKind++;
    else if (reinitializations.isLossAt(i) && losses++ < MAX_HYPOTHESIS_EVIDENCE) lossRefs.push(reinitializations.requestAt(i).ref);
  }
  return { ofKind, losses, lossRefs };
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
