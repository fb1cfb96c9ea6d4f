import type { LineRef } from "../events.js";
import { requestRows } from "../timeline/rows.js";
import { CountedEvidence, SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const missingResponseSessionId = {
  id: "missing-response-session-id",
  description: "An initialize was answered without an mcp-session-id response header, so the client had no id to keep.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 1: a stateful server assigns the id in the header of the InitializeResult response`,
  cannotCheck: (facts) => (facts.responses === 0 ? "no mcp_response_headers lines" : null),
  *detect(timeline) {
    let initializes = 0;
    // Counted: a stateless server answers every initialize so.
    const unanswered = new CountedEvidence<LineRef>();
    // The response read from the row, not made for every initialize: a busy log has hundreds of thousands.
    const requests = requestRows(timeline);
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      if (request.isInitialize !== true || !request.hasResponse) continue;
      initializes++;
      if (request.responseSessionId !== null || (request.responseStatus ?? 200) >= 300) continue;
      unanswered.add(request.response!.ref);
    }
    if (unanswered.count === 0) return;
    yield {
      message: `${unanswered.count} of ${initializes} answered initialize request(s) got no mcp-session-id response header`,
      evidence: unanswered.kept,
      evidenceCount: unanswered.count,
    };
  },
} satisfies Analyzer;
