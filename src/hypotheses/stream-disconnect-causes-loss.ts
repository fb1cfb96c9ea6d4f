import type { LoggedSession } from "../timeline/logged-session.js";
import type { RecordList, Session } from "../timeline/model.js";
import type { Hypothesis } from "./hypothesis.js";
import { LossWithOpenStreams } from "./loss-with-open-streams.js";
import { ReinitializationTally } from "./reinitialization-tally.js";
import { findUsedAfterStreamClosed } from "./used-after-stream-closed.js";

export const streamDisconnectCausesLoss = {
  id: "stream-disconnect-causes-loss",
  title: "Response-stream (SSE) disconnect causing the loss",
  decide(timeline) {
    const { sessions, tallies } = timeline;
    if (!anyStreamClosed(sessions as RecordList<Session> as RecordList<LoggedSession>)) {
      return { verdict: "not-enough-evidence", reason: "no client_disconnected lines for known sessions", evidence: [] };
    }
    const { count: survivors, first } = findUsedAfterStreamClosed(sessions);
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

/** Whether any session had a stream closure the walk met. */
function anyStreamClosed(sessions: RecordList<LoggedSession>): boolean {
  for (let i = 0; i < sessions.length; i++) if (sessions.at(i)!.firstStreamClosureSeq !== Infinity) return true;
  return false;
}
