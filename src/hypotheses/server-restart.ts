import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";
import { tallyReinitializations } from "./reinitialization-tally.js";

export const serverRestartHypothesis = {
  id: "server-restart",
  title: "Server restart wiping sessions",
  decide(timeline) {
    const { restarts, facts } = timeline;
    if (facts.serverStartedLines === 0 && facts.loggedActiveCounts === 0) {
      return { verdict: "not-enough-evidence", reason: "restarts cannot be seen: no server_started lines and no active_sessions counts", evidence: [] };
    }
    const { ofKind: afterRestart, losses, lossRefs } = tallyReinitializations(timeline, "after-restart");
    const explained = afterRestart > 0 ? `; ${restarts.length} restart(s) explain ${afterRestart} other re-initialize(s)` : "";
    if (losses > 0) {
      return {
        verdict: "ruled-out",
        reason: `${losses} loss(es) happened with the session still alive and no restart in between${explained}`,
        evidence: [...lossRefs, ...restarts.slice(0, MAX_HYPOTHESIS_EVIDENCE - lossRefs.length).map((r) => r.ref)],
      };
    }
    if (afterRestart > 0) {
      return {
        verdict: "supported",
        reason: `all ${afterRestart} re-initialize(s) followed a server restart`,
        evidence: restarts.map((r) => r.ref),
      };
    }
    return { verdict: "not-enough-evidence", reason: "no re-initialize to explain", evidence: [] };
  },
} satisfies Hypothesis;
