import type { RequestRecord, Session } from "../timeline/model.js";
import { CountedEvidence, SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const unknownSession = {
  id: "unknown-session",
  description: "A client sent a session id the server no longer knew (404, or ended earlier in the log); reports whether it then re-initialized.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, items 3–4: the server MUST answer 404; the client MUST then send a new initialize`,
  *detect(timeline) {
    const afterEnd = findUsesAfterEnd(timeline.sessions);
    // statusCounts counts every logged response: without a 404 among them, only a use after the
    // end can be unknown, and a log without either needs no walk over every request.
    if (afterEnd.size === 0 && !timeline.statusCounts["404"]) return;
    for (const client of timeline.clients) {
      // Counted: a server that lost its sessions answers 404 to every later request.
      const unknown = new CountedEvidence<RequestRecord>();
      let notFound = 0;
      let reinitialized = 0;
      const { requests } = client;
      for (let i = 0; i < requests.length; i++) {
        const r = requests[i]!;
        if (!isUnknown(r, afterEnd)) continue;
        unknown.add(r);
        if (r.response?.status === 404) notFound++;
        if (isInitializeWithoutSession(requests[i + 1])) reinitialized++;
      }
      if (unknown.count === 0) continue;
      yield {
        client: client.key,
        message:
          `${client.key} sent ${unknown.count} request(s) with a session id the server no longer knew (${notFound} answered 404); ` +
          `it re-initialized after ${reinitialized} of them`,
        evidence: unknown.kept.map((r) => r.ref),
        evidenceCount: unknown.count,
      };
    }
  },
} satisfies Analyzer;

/**
 * The requests (DELETE aside) that carried a session's id after the session had ended. A
 * session's requests are in log order, so each ended session is read from its last request back
 * to its end, instead of looking up the session of every request that carries an id.
 */
function findUsesAfterEnd(sessions: readonly Session[]): Set<RequestRecord> {
  const uses = new Set<RequestRecord>();
  for (let s = 0; s < sessions.length; s++) {
    const { end, requests } = sessions[s]!;
    if (end === null) continue;
    for (let i = requests.length - 1; i >= 0 && requests[i]!.seq > end.seq; i--) {
      if (requests[i]!.httpMethod !== "DELETE") uses.add(requests[i]!);
    }
  }
  return uses;
}

function isUnknown(r: RequestRecord, afterEnd: ReadonlySet<RequestRecord>): boolean {
  if (typeof r.sessionId !== "string") return false;
  return r.response?.status === 404 || afterEnd.has(r);
}

function isInitializeWithoutSession(next: RequestRecord | undefined): boolean {
  return next !== undefined && next.isInitialize === true && next.sessionId === null;
}
