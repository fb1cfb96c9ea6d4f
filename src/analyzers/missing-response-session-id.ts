import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const missingResponseSessionId = {
  id: "missing-response-session-id",
  description: "An initialize was answered without an mcp-session-id response header, so the client had no id to keep.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 1: a stateful server assigns the id in the header of the InitializeResult response`,
  cannotCheck: (facts) => (facts.responses === 0 ? "no mcp_response_headers lines" : null),
  *detect(timeline) {
    const unanswered = timeline.requests.filter(
      (r) => r.isInitialize === true && r.response !== null && r.response.sessionId === null && (r.response.status ?? 200) < 300,
    );
    if (unanswered.length === 0) return;
    const initializes = timeline.requests.filter((r) => r.isInitialize === true && r.response !== null).length;
    yield {
      message: `${unanswered.length} of ${initializes} answered initialize request(s) got no mcp-session-id response header`,
      evidence: unanswered.map((r) => r.response!.ref),
    };
  },
} satisfies Analyzer;
