import type { Session } from "../timeline/model.js";
import { formatSeconds, type Hypothesis } from "./hypothesis.js";
import { IdleBeforeLoss } from "./idle-before-loss.js";
import { SessionUses } from "./session-uses.js";

export const serverIdleTimeout = {
  id: "server-idle-timeout",
  title: "Idle timeout on the server side",
  decide(timeline) {
    const shortest = timeline.tallies.of(IdleBeforeLoss).shortest();
    if (shortest === null) {
      return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    }
    const uses = new SessionUses(timeline);
    const survived = longestSurvivedGap(timeline.sessions, uses);
    // One timeout cannot both drop a session idle for `shortest` and keep one idle for longer.
    if (survived && survived.idleMs > shortest.idleMs) {
      return {
        verdict: "ruled-out",
        reason:
          `session ${survived.sessionId.slice(0, 8)} was used again after ${formatSeconds(survived.idleMs)} idle, ` +
          `yet session ${shortest.sessionId.slice(0, 8)} was dropped after ${formatSeconds(shortest.idleMs)}: no single timeout explains both`,
        evidence: [survived.ref, shortest.ref],
      };
    }
    return {
      verdict: "not-enough-evidence",
      reason: `no session was reused after an idle gap longer than the shortest one before a loss (${formatSeconds(shortest.idleMs)})`,
      evidence: [shortest.ref],
    };
  },
} satisfies Hypothesis;

/**
 * The longest gap after which a session was used again (since its previous use or its start). Of
 * equals, the first in the timeline's session order, then the first use, as the model reads. Read
 * in that order: sessions that start close together were used close together, so their uses'
 * times lie close together in the request table (at 1 GiB, 2.0M reads of a time).
 */
function longestSurvivedGap(sessions: readonly Session[], uses: SessionUses) {
  let bestSession = -1;
  let bestUse = -1;
  let bestIdleMs = -Infinity;
  for (let i = 0; i < sessions.length; i++) {
    let previous = uses.startAt[i]!;
    for (let use = uses.firstUse(i), end = uses.endOfUses(i); use < end; use++) {
      const at = uses.atOf(use);
      const idleMs = at - previous;
      if (bestSession === -1 || idleMs > bestIdleMs) {
        bestSession = i;
        bestUse = use;
        bestIdleMs = idleMs;
      }
      previous = at;
    }
  }
  if (bestSession === -1) return null;
  const session = sessions[bestSession]!;
  return { sessionId: session.id, idleMs: bestIdleMs, ref: session.requests.at(bestUse - uses.firstUse(bestSession))!.ref };
}
