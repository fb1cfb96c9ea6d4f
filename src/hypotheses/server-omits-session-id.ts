import type { LineRef } from "../events.js";
import { requestRows } from "../timeline/rows.js";
import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";

export const serverOmitsSessionId = {
  id: "server-omits-session-id",
  title: "Server not sending mcp-session-id",
  decide(timeline) {
    const requests = requestRows(timeline);
    let answered = 0;
    let without = 0;
    // Only the first lines are shown: the counts say how many there were.
    const answeredRefs: LineRef[] = [];
    const withoutRefs: LineRef[] = [];
    // The response read from the row, made only for the lines shown: a busy log has hundreds of thousands.
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      if (request.isInitialize !== true) continue;
      const sessionId = request.responseSessionId;
      if (sessionId === undefined) continue;
      if (answered++ < MAX_HYPOTHESIS_EVIDENCE) answeredRefs.push(request.response!.ref);
      if (sessionId === null && without++ < MAX_HYPOTHESIS_EVIDENCE) withoutRefs.push(request.response!.ref);
    }
    if (answered === 0) {
      return { verdict: "not-enough-evidence", reason: "no initialize response with its mcp-session-id header logged", evidence: [] };
    }
    if (without === 0) {
      return {
        verdict: "ruled-out",
        reason: `all ${answered} logged initialize responses carried mcp-session-id`,
        evidence: answeredRefs,
      };
    }
    return {
      verdict: "supported",
      reason: `${without} of ${answered} initialize responses had no mcp-session-id header`,
      evidence: withoutRefs,
    };
  },
} satisfies Hypothesis;
