import type { Hypothesis } from "./hypothesis.js";

export const serverSideEviction = {
  id: "server-side-eviction",
  title: "Server-side session eviction",
  decide({ sessions, reinitializations, facts, activeSamples }) {
    const evictedThenReplaced = reinitializations.filter((r) => r.kind === "after-end");
    const evicted = sessions.filter((s) => s.end?.kind === "closed" || s.end?.kind === "removed");
    if (evictedThenReplaced.length > 0 && evicted.length > 0) {
      return {
        verdict: "supported",
        reason: `the server closed or removed ${evicted.length} session(s); ${evictedThenReplaced.length} re-initialize(s) followed a session's end`,
        evidence: evicted.map((s) => s.end!.ref),
      };
    }
    const losses = reinitializations.filter((r) => r.kind === "loss");
    if (losses.length === 0) return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    if (facts.sessionCreatedLines === 0) {
      return { verdict: "not-enough-evidence", reason: "the log has no session lifecycle lines (session_created/closed/removed)", evidence: [] };
    }
    const peak = activeSamples.reduce((max, s) => Math.max(max, s.active), 0);
    return {
      verdict: "ruled-out",
      reason: `the server still held the dropped session(s) at each of the ${losses.length} losses (no session_closed/removed before them; active sessions reached ${peak})`,
      evidence: losses.map((l) => l.request.ref),
    };
  },
} satisfies Hypothesis;
