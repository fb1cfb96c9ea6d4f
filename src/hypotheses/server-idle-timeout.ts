import { formatSeconds, type Hypothesis } from "./hypothesis.js";
import { IdleBeforeLoss } from "./idle-before-loss.js";
import { longestSurvivedGap } from "./longest-survived-gap.js";
import { UsesBySession } from "./uses-by-session.js";

export const serverIdleTimeout = {
  id: "server-idle-timeout",
  title: "Idle timeout on the server side",
  decide(timeline) {
    const shortest = timeline.tallies.of(IdleBeforeLoss).shortest();
    if (shortest === null) {
      return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    }
    const uses = new UsesBySession(timeline);
    const survived = longestSurvivedGap(uses);
    // One timeout cannot both drop a session idle for `shortest` and keep one idle for longer.
    if (survived && survived.idleMs > shortest.idleMs) {
      const sessionId = timeline.sessions.at(survived.place)!.id;
      return {
        verdict: "ruled-out",
        reason:
          `session ${sessionId.slice(0, 8)} was used again after ${formatSeconds(survived.idleMs)} idle, ` +
          `yet session ${shortest.sessionId.slice(0, 8)} was dropped after ${formatSeconds(shortest.idleMs)}: no single timeout explains both`,
        evidence: [uses.table.record(survived.row).ref, shortest.ref],
      };
    }
    return {
      verdict: "not-enough-evidence",
      reason: `no session was reused after an idle gap longer than the shortest one before a loss (${formatSeconds(shortest.idleMs)})`,
      evidence: [shortest.ref],
    };
  },
} satisfies Hypothesis;
