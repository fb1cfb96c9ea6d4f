import type { HypothesisResult } from "../report.js";
import type { Timeline } from "../timeline/model.js";
import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";
import { intermediaryStripsHeader } from "./intermediary-strips-header.js";
import { serverIdleTimeout } from "./server-idle-timeout.js";
import { serverOmitsSessionId } from "./server-omits-session-id.js";
import { serverRestartHypothesis } from "./server-restart.js";
import { serverSideEviction } from "./server-side-eviction.js";
import { streamDisconnectCausesLoss } from "./stream-disconnect-causes-loss.js";

/** In the order of the seed report's "What This Rules Out" table. Ids are a stable interface. */
export const hypotheses = [
  serverOmitsSessionId,
  intermediaryStripsHeader,
  serverIdleTimeout,
  streamDisconnectCausesLoss,
  serverSideEviction,
  serverRestartHypothesis,
] as const satisfies readonly Hypothesis[];

export function decideHypotheses(timeline: Timeline): HypothesisResult[] {
  return hypotheses.map((h) => {
    const decision = h.decide(timeline);
    return { id: h.id, title: h.title, verdict: decision.verdict, reason: decision.reason, evidence: decision.evidence.slice(0, MAX_HYPOTHESIS_EVIDENCE) };
  });
}
