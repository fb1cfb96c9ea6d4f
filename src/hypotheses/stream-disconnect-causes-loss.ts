import type { LoggedSession } from "../timeline/logged-session.js";
import type { Session } from "../timeline/model.js";
import type { Hypothesis } from "./hypothesis.js";
import { LossWithOpenStreams } from "./loss-with-open-streams.js";
import { ReinitializationTally } from "./reinitialization-tally.js";

export const streamDisconnectCausesLoss = {
  id: "stream-disconnect-causes-loss",
  title: "Response-stream (SSE) disconnect causing the loss",
  decide(timeline) {
    const { sessions, tallies } = timeline;
    if (!sessions.some((s) => (s as LoggedSession).firstStreamClosureSeq !== Infinity)) {
      return { verdict: "not-enough-evidence", reason: "no client_disconnected lines for known sessions", evidence: [] };
    }
    let survivors = 0;
    let first: Session | null = null;
    for (let i = 0; i < sessions.length; i++) {
      if (!isUsedAfterStreamClosed(sessions[i]!)) continue;
      first ??= sessions[i]!;
      survivors++;
    }
    if (first) {
      const closure = (first as LoggedSession).firstStreamClosure!;
      const reuse = [...first.requests].find((r) => r.seq > closure.seq)!;
      return {
        verdict: "ruled-out",
        reason: `${survivors} session(s) were used again after their response stream closed (e.g. ${first.id.slice(0, 8)})`,
        evidence: [closure.ref, reuse.ref],
      };
    }
    // Only the first losses' lines are shown: the count says how many there were.
    const { losses, lossRefs } = tallies.of(ReinitializationTally);
    if (losses === 0 || tallies.of(LossWithOpenStreams).found) {
      return { verdict: "not-enough-evidence", reason: "no session was reused after a stream closed, but not every loss followed one", evidence: [] };
    }
    return {
      verdict: "supported",
      reason: `every one of the ${losses} losses followed a closed response stream, and no session was used after its stream closed`,
      evidence: [...lossRefs],
    };
  },
} satisfies Hypothesis;

/**
 * A request after any of the session's stream closures: both lists are in log order, so its
 * last request against its first closure, not every request against every closure (726,000
 * closures at 1 GiB), both read from their rows: the lists and the closure's record were three
 * objects per session.
 */
function isUsedAfterStreamClosed(session: Session): boolean {
  const logged = session as LoggedSession;
  return logged.lastRequestSeq > logged.firstStreamClosureSeq;
}
