import type { Hypothesis } from "./hypothesis.js";

export const serverRestartHypothesis = {
  id: "server-restart",
  title: "Server restart wiping sessions",
  decide({ reinitializations, restarts, facts }) {
    const afterRestart = reinitializations.filter((r) => r.kind === "after-restart");
    const losses = reinitializations.filter((r) => r.kind === "loss");
    if (facts.serverStartedLines === 0 && facts.loggedActiveCounts === 0) {
      return { verdict: "not-enough-evidence", reason: "restarts cannot be seen: no server_started lines and no active_sessions counts", evidence: [] };
    }
    const explained = afterRestart.length > 0 ? `; ${restarts.length} restart(s) explain ${afterRestart.length} other re-initialize(s)` : "";
    if (losses.length > 0) {
      return {
        verdict: "ruled-out",
        reason: `${losses.length} loss(es) happened with the session still alive and no restart in between${explained}`,
        evidence: [...losses.map((l) => l.request.ref), ...restarts.map((r) => r.ref)],
      };
    }
    if (afterRestart.length > 0) {
      return {
        verdict: "supported",
        reason: `all ${afterRestart.length} re-initialize(s) followed a server restart`,
        evidence: restarts.map((r) => r.ref),
      };
    }
    return { verdict: "not-enough-evidence", reason: "no re-initialize to explain", evidence: [] };
  },
} satisfies Hypothesis;
