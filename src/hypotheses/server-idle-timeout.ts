import { sessionsById } from "../timeline/sessions-by-id.js";
import type { Session, Timeline } from "../timeline/model.js";
import { formatSeconds, type Hypothesis } from "./hypothesis.js";

export const serverIdleTimeout = {
  id: "server-idle-timeout",
  title: "Idle timeout on the server side",
  decide(timeline) {
    const losses = lossIdleGaps(timeline);
    if (losses.length === 0) return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    const shortest = losses.reduce((a, b) => (b.idleMs < a.idleMs ? b : a));
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

/** For each loss, how long the dropped session had been idle (since its last use or creation). */
function lossIdleGaps(timeline: Timeline) {
  const byId = sessionsById(timeline);
  return timeline.reinitializations
    .filter((r) => r.kind === "loss")
    .flatMap((loss) =>
      loss.aliveSessions.map((id) => {
        const session = byId.get(id)!;
        const lastUse = session.requests.reduce((last, r) => (r.seq < loss.request.seq && r.at > last ? r.at : last), session.startAt);
        return { sessionId: id, idleMs: loss.request.at - lastUse, ref: loss.request.ref };
      }),
    );
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
