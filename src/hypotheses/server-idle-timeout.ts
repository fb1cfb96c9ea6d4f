import { sessionsById } from "../timeline/sessions-by-id.js";
import type { Session, Timeline } from "../timeline/model.js";
import { formatSeconds, type Hypothesis } from "./hypothesis.js";

export const serverIdleTimeout = {
  id: "server-idle-timeout",
  title: "Idle timeout on the server side",
  decide(timeline) {
    const shortest = shortestIdleBeforeLoss(timeline);
    if (!shortest) return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    const survived = longestSurvivedGap(timeline.sessions);
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

/** Of every session dropped at a loss, the one that had been idle (since its last use or creation) the shortest. */
function shortestIdleBeforeLoss(timeline: Timeline) {
  const byId = sessionsById(timeline);
  const lastUse = new LastUse();
  let shortest: { sessionId: string; idleMs: number; ref: Session["startRef"] } | null = null;
  for (const loss of timeline.reinitializations) {
    if (loss.kind !== "loss") continue;
    for (const id of loss.aliveSessions) {
      const idleMs = loss.request.at - lastUse.before(byId.get(id)!, loss.request.seq);
      // Strictly shorter: the first of equals is kept, as the log reads.
      if (!shortest || idleMs < shortest.idleMs) shortest = { sessionId: id, idleMs, ref: loss.request.ref };
    }
  }
  return shortest;
}

/**
 * The latest time a session was used before a log position (its start when never). A session
 * alive at many losses is asked many times: a running maximum per session and a binary search
 * answer each ask without walking its requests again.
 */
class LastUse {
  private readonly latest = new Map<Session, number[]>();

  before(session: Session, seq: number): number {
    let latest = this.latest.get(session);
    if (!latest) {
      latest = [];
      let max = session.startAt;
      for (const r of session.requests) latest.push((max = Math.max(max, r.at)));
      this.latest.set(session, latest);
    }
    // Requests are in log order: count those before `seq`.
    let low = 0;
    let high = session.requests.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (session.requests[middle]!.seq < seq) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? session.startAt : latest[low - 1]!;
  }
}

function longestSurvivedGap(sessions: readonly Session[]) {
  let best: { sessionId: string; idleMs: number; ref: Session["requests"][number]["ref"] } | null = null;
  for (const session of sessions) {
    let previous = session.startAt;
    for (const request of session.requests) {
      const idleMs = request.at - previous;
      if (!best || idleMs > best.idleMs) best = { sessionId: session.id, idleMs, ref: request.ref };
      previous = request.at;
    }
  }
  return best;
}
