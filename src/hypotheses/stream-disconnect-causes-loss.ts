import type { LineRef } from "../events.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { Session } from "../timeline/model.js";
import { sessionsById, type SessionsById } from "../timeline/sessions-by-id.js";
import { AliveNames, reinitializationsOf } from "../timeline/classified-columns.js";
import { requestRows } from "../timeline/rows.js";
import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";

export const streamDisconnectCausesLoss = {
  id: "stream-disconnect-causes-loss",
  title: "Response-stream (SSE) disconnect causing the loss",
  decide(timeline) {
    const { sessions } = timeline;
    const reinitializations = reinitializationsOf(timeline);
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
    const notEveryLoss = { verdict: "not-enough-evidence", reason: "no session was reused after a stream closed, but not every loss followed one", evidence: [] } as const;
    const byId = sessionsById(timeline);
    let losses = 0;
    // Only the first lines are shown: the count says how many there were.
    const lossRefs: LineRef[] = [];
    const { table } = requestRows(timeline);
    const alive = new AliveNames();
    for (let i = 0; i < reinitializations.length; i++) {
      if (!reinitializations.isLossAt(i)) continue;
      if (!isAnyStreamClosedBefore(byId, alive.read(reinitializations, i), table.seqOf(reinitializations.rowAt(i)))) return notEveryLoss;
      if (losses++ < MAX_HYPOTHESIS_EVIDENCE) lossRefs.push(reinitializations.requestAt(i).ref);
    }
    if (losses === 0) return notEveryLoss;
    return {
      verdict: "supported",
      reason: `every one of the ${losses} losses followed a closed response stream, and no session was used after its stream closed`,
      evidence: lossRefs,
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

/**
 * Whether any of the named sessions had a stream closure before log position `seq`: its first did,
 * the list being in log order. The names are read where the loss keeps them, not copied per loss.
 */
function isAnyStreamClosedBefore(byId: SessionsById, alive: AliveNames, seq: number): boolean {
  for (let j = alive.from; j < alive.to; j++) if ((byId.get(alive.ids[j]!)! as LoggedSession).firstStreamClosureSeq < seq) return true;
  return false;
}
