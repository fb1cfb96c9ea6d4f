import { sessionsById } from "../timeline/sessions-by-id.js";
import type { Hypothesis } from "./hypothesis.js";

export const streamDisconnectCausesLoss = {
  id: "stream-disconnect-causes-loss",
  title: "Response-stream (SSE) disconnect causing the loss",
  decide(timeline) {
    const { sessions, reinitializations } = timeline;
    if (!sessions.some((s) => s.streamClosures.length > 0)) {
      return { verdict: "not-enough-evidence", reason: "no client_disconnected lines for known sessions", evidence: [] };
    }
    const survivors = sessions.filter((s) => s.streamClosures.some((c) => s.requests.some((r) => r.seq > c.seq)));
    if (survivors.length > 0) {
      const first = survivors[0]!;
      const reuse = first.requests.find((r) => r.seq > first.streamClosures[0]!.seq)!;
      return {
        verdict: "ruled-out",
        reason: `${survivors.length} session(s) were used again after their response stream closed (e.g. ${first.id.slice(0, 8)})`,
        evidence: [first.streamClosures[0]!.ref, reuse.ref],
      };
    }
    const byId = sessionsById(timeline);
    const losses = reinitializations.filter((r) => r.kind === "loss");
    const closedBeforeLoss = losses.filter((loss) =>
      loss.aliveSessions.some((id) => byId.get(id)!.streamClosures.some((c) => c.seq < loss.request.seq)),
    );
    if (losses.length > 0 && closedBeforeLoss.length === losses.length) {
      return {
        verdict: "supported",
        reason: `every one of the ${losses.length} losses followed a closed response stream, and no session was used after its stream closed`,
        evidence: closedBeforeLoss.map((l) => l.request.ref),
      };
    }
    return { verdict: "not-enough-evidence", reason: "no session was reused after a stream closed, but not every loss followed one", evidence: [] };
  },
} satisfies Hypothesis;
