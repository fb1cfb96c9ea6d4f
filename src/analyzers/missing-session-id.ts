import { clientPositions, indexByClient } from "../timeline/client-index.js";
import { NULL_CODE } from "../timeline/interner.js";
import { requestRows } from "../timeline/rows.js";
import type { Timeline } from "../timeline/model.js";
import type { LoggedRequest } from "../timeline/records.js";
import { CountedEvidence, SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const missingSessionId = {
  id: "missing-session-id",
  description: "A client sent a non-initialize request without mcp-session-id after the server had given it one.",
  severity: "error",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2: MUST include it on all subsequent requests; servers SHOULD answer 400`,
  cannotCheck: (facts) =>
    facts.requests > 0 && facts.requestsWithoutSessionField === facts.requests ? "requests were logged without the mcp_session_id field" : null,
  *detect(timeline) {
    const offending = findRequestsWithoutSessionId(timeline);
    for (let k = 0; k < timeline.clients.length; k++) {
      const client = timeline.clients[k]!;
      const found = offending[k];
      if (!found) continue;
      yield {
        client: client.key,
        message: `${client.key} sent ${found.requests.count} non-initialize request(s) without mcp-session-id after receiving one (${found.rejected} answered 400)`,
        evidence: found.requests.kept.map((r) => r.ref),
        evidenceCount: found.requests.count,
      };
    }
  },
} satisfies Analyzer;

/** A client's offending requests, counted (a client that drops its id drops it on every request). */
interface Offending {
  readonly requests: CountedEvidence<LoggedRequest>;
  rejected: number;
}

/**
 * Each client's offending requests, by its position in timeline.clients: one walk of the requests
 * in log order for every client (client by client, a busy log's requests are scattered reads; see
 * clientPositions).
 */
function findRequestsWithoutSessionId(timeline: Timeline): (Offending | undefined)[] {
  const index = indexByClient(timeline);
  const firstSessionSeq = timeline.clients.map((client) => {
    // A loop, not Math.min(...): a client can own more sessions than a call takes arguments.
    let seq = Infinity;
    for (const s of index.sessions.get(client.key) ?? []) if (s.startSeq < seq) seq = s.startSeq;
    return seq;
  });
  const offending = new Array<Offending | undefined>(timeline.clients.length);
  const positions = clientPositions(timeline);
  const requests = requestRows(timeline);
  const r = requests.table.cursor();
  for (let i = 0; i < requests.length; i++) {
    r.moveTo(requests.row(i));
    // The id's number, not its string: NULL_CODE is a request sent without one.
    if (r.sessionCode !== NULL_CODE || r.isInitialize !== false) continue;
    const k = positions[r.clientCode]!;
    if (!hadSessionBefore(r, firstSessionSeq[k]!)) continue;
    const found = (offending[k] ??= { requests: new CountedEvidence(), rejected: 0 });
    found.requests.add(r.toRecord());
    if (r.responseStatus === 400) found.rejected++;
  }
  return offending;
}

/** Only a client that was given an id owes it back; a stateless server never gives one. */
function hadSessionBefore(request: LoggedRequest, firstSessionSeq: number): boolean {
  return request.responseStatus === 400 || firstSessionSeq < request.seq;
}
