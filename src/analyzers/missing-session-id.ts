import { clientPositions, positionOfKeyCode } from "../timeline/client-index.js";
import { NULL_CODE } from "../timeline/interner.js";
import { RequestCounts } from "../timeline/request-counts.js";
import { requestRows } from "../timeline/rows.js";
import type { RecordList, Timeline } from "../timeline/model.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { LoggedRequest } from "../timeline/records.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { CountedEvidence } from "../counted-evidence.js";

export const missingSessionId = {
  id: "missing-session-id",
  description: "A client sent a non-initialize request without mcp-session-id after the server had given it one.",
  severity: "error",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2: MUST include it on all subsequent requests; servers SHOULD answer 400`,
  cannotCheck: (facts) =>
    facts.requests > 0 && facts.requestsWithoutSessionField === facts.requests ? "requests were logged without the mcp_session_id field" : null,
  *detect(timeline) {
    // Counted as the fold released each request, its kind final then or unknown (a later answer
    // only makes an unknown one an initialize): with none sent without an id and known not to be
    // an initialize, none offends, and no walk over every request is made (neither bench log has
    // one: 25 ms of the 1 GiB events log's rules).
    if (timeline.tallies.of(RequestCounts).counts.nullSessionNonInitializeRequests === 0) return;
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
  const positions = clientPositions(timeline);
  const firstSessionSeq = firstOwnedSessionSeqs(timeline, positions);
  const offending = new Array<Offending | undefined>(timeline.clients.length);
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

/**
 * Where each client's first session (of those it owns) started, by its position in
 * timeline.clients; Infinity for none. One pass over the sessions in the timeline's order, each
 * owner found by its key's number: read client by client from the index, each session was a new
 * place (72 ms of a cold tail at 1 GiB).
 */
function firstOwnedSessionSeqs(timeline: Timeline, positions: Int32Array): Float64Array {
  const first = new Float64Array(timeline.clients.length).fill(Infinity);
  const sessions = timeline.sessions as RecordList<LoggedSession>;
  for (let i = 0; i < sessions.length; i++) {
    const session = sessions.at(i)!;
    const k = positionOfKeyCode(positions, session.ownerCode);
    if (k === -1) continue;
    const seq = session.startSeq;
    if (seq < first[k]!) first[k] = seq;
  }
  return first;
}

/** Only a client that was given an id owes it back; a stateless server never gives one. */
function hadSessionBefore(request: LoggedRequest, firstSessionSeq: number): boolean {
  return request.responseStatus === 400 || firstSessionSeq < request.seq;
}
