import { indexByClient } from "../timeline/client-index.js";
import type { RequestRecord } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const missingSessionId = {
  id: "missing-session-id",
  description: "A client sent a non-initialize request without mcp-session-id after the server had given it one.",
  severity: "error",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2: MUST include it on all subsequent requests; servers SHOULD answer 400`,
  cannotCheck: (facts) =>
    facts.requests > 0 && facts.requestsWithoutSessionField === facts.requests ? "requests were logged without the mcp_session_id field" : null,
  *detect(timeline) {
    const index = indexByClient(timeline);
    for (const client of timeline.clients) {
      // A loop, not Math.min(...): a client can own more sessions than a call takes arguments.
      let firstSessionSeq = Infinity;
      for (const s of index.sessions.get(client.key) ?? []) if (s.startSeq < firstSessionSeq) firstSessionSeq = s.startSeq;
      const offending = client.requests.filter((r) => r.sessionId === null && r.isInitialize === false && hadSessionBefore(r, firstSessionSeq));
      if (offending.length === 0) continue;
      const rejected = offending.filter((r) => r.response?.status === 400).length;
      yield {
        client: client.key,
        message: `${client.key} sent ${offending.length} non-initialize request(s) without mcp-session-id after receiving one (${rejected} answered 400)`,
        evidence: offending.map((r) => r.ref),
      };
    }
  },
} satisfies Analyzer;

/** Only a client that was given an id owes it back; a stateless server never gives one. */
function hadSessionBefore(request: RequestRecord, firstSessionSeq: number): boolean {
  return request.response?.status === 400 || firstSessionSeq < request.seq;
}
