import type { Session, Timeline } from "../timeline/model.js";
import { formatSeconds, type Hypothesis } from "./hypothesis.js";

export const serverIdleTimeout = {
  id: "server-idle-timeout",
  title: "Idle timeout on the server side",
  decide(timeline) {
    if (!timeline.reinitializations.some((r) => r.kind === "loss" && r.aliveSessions.length > 0)) {
      return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    }
    const uses = new SessionUses(timeline.sessions);
    const shortest = shortestIdleBeforeLoss(timeline, uses)!;
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

/** Of every session dropped at a loss, the one that had been idle (since its last use or creation) the shortest. */
function shortestIdleBeforeLoss(timeline: Timeline, uses: SessionUses) {
  let shortest: { sessionId: string; idleMs: number; ref: Session["startRef"] } | null = null;
  const { reinitializations } = timeline;
  for (let i = 0; i < reinitializations.length; i++) {
    const loss = reinitializations[i]!;
    if (loss.kind !== "loss") continue;
    const { at, seq } = loss.request;
    for (let j = 0; j < loss.aliveSessions.length; j++) {
      const id = loss.aliveSessions[j]!;
      const idleMs = at - uses.lastUseBefore(id, seq);
      // Strictly shorter: the first of equals is kept, as the log reads.
      if (!shortest || idleMs < shortest.idleMs) shortest = { sessionId: id, idleMs, ref: loss.request.ref };
    }
  }
  return shortest;
}

/** The longest gap after which a session was used again (since its previous use or its start). */
function longestSurvivedGap(sessions: readonly Session[], uses: SessionUses) {
  let best: { session: number; use: number; idleMs: number } | null = null;
  for (let session = 0; session < sessions.length; session++) {
    let previous = uses.startAt[session]!;
    for (let use = uses.first[session]!; use < uses.first[session + 1]!; use++) {
      const idleMs = uses.at[use]! - previous;
      if (!best || idleMs > best.idleMs) best = { session, use, idleMs };
      previous = uses.at[use]!;
    }
  }
  if (!best) return null;
  const session = sessions[best.session]!;
  return { sessionId: session.id, idleMs: best.idleMs, ref: session.requests[best.use - uses.first[best.session]!]!.ref };
}

/**
 * Every session's requests as flat columns of numbers, read in one walk over the request
 * records. A busy log asks for the last use of a session before a loss hundreds of thousands of
 * times (every alive session at every loss); reading the scattered records for each ask, or
 * keeping an array per session, cost about twice as much as this.
 */
class SessionUses {
  private readonly index = new Map<string, number>();
  /** Session i's requests are uses first[i] to first[i + 1] - 1, in log order. */
  readonly first: Int32Array;
  readonly startAt: Float64Array;
  readonly seq: Float64Array;
  readonly at: Float64Array;
  /** Running maximum of `at` within each session: the log orders by seq, and times can step back. */
  private readonly latest: Float64Array;

  constructor(sessions: readonly Session[]) {
    let uses = 0;
    for (let i = 0; i < sessions.length; i++) uses += sessions[i]!.requests.length;
    this.first = new Int32Array(sessions.length + 1);
    this.startAt = new Float64Array(sessions.length);
    this.seq = new Float64Array(uses);
    this.at = new Float64Array(uses);
    this.latest = new Float64Array(uses);
    let use = 0;
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions[i]!;
      this.index.set(session.id, i);
      this.first[i] = use;
      let latest = (this.startAt[i] = session.startAt);
      for (let j = 0; j < session.requests.length; j++) {
        const request = session.requests[j]!;
        this.seq[use] = request.seq;
        this.at[use] = request.at;
        this.latest[use++] = latest = Math.max(latest, request.at);
      }
    }
    this.first[sessions.length] = use;
  }

  /** The latest time a session was used before a log position, or its start when it was not. */
  lastUseBefore(sessionId: string, seq: number): number {
    const session = this.index.get(sessionId)!;
    const first = this.first[session]!;
    let low = first;
    let high = this.first[session + 1]!;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.seq[middle]! < seq) low = middle + 1;
      else high = middle;
    }
    return low === first ? this.startAt[session]! : this.latest[low - 1]!;
  }
}
