import type { Hypothesis } from "./hypothesis.js";

export const serverOmitsSessionId = {
  id: "server-omits-session-id",
  title: "Server not sending mcp-session-id",
  decide({ requests }) {
    const answered = requests.filter((r) => r.isInitialize === true && r.response !== null && r.response.sessionId !== undefined);
    if (answered.length === 0) {
      return { verdict: "not-enough-evidence", reason: "no initialize response with its mcp-session-id header logged", evidence: [] };
    }
    const without = answered.filter((r) => r.response!.sessionId === null);
    if (without.length === 0) {
      return {
        verdict: "ruled-out",
        reason: `all ${answered.length} logged initialize responses carried mcp-session-id`,
        evidence: answered.map((r) => r.response!.ref),
      };
    }
    return {
      verdict: "supported",
      reason: `${without.length} of ${answered.length} initialize responses had no mcp-session-id header`,
      evidence: without.map((r) => r.response!.ref),
    };
  },
} satisfies Hypothesis;
