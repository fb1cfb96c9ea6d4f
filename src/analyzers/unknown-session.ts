import type { RequestRecord, Session } from "../timeline/model.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { LoggedRequest } from "../timeline/records.js";
import { rowsOf } from "../timeline/rows.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { CountedEvidence } from "../counted-evidence.js";

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
      const requests = rowsOf(client.requests);
      const r = requests.table.cursor();
      for (let i = 0; i < requests.length; i++) {
        r.moveTo(requests.row(i));
        if (!isUnknown(r, afterEnd)) continue;
        unknown.add(r.toRecord());
        if (r.response?.status === 404) notFound++;
        if (isInitializeWithoutSession(requests.at(i + 1))) reinitialized++;
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
 * to its end, instead of looking up the session of every request that carries an id. Positions
 * are read from the rows, a record made only for a request past the end: the session's end and
 * its last request made as records for every ended session were 65 MB at 1 GiB. The rows are
 * read where every session's lie side by side, not through a list made per session (the list
 * and its range, two objects for each of the 1 GiB bench log's 358,000 ended sessions: 38 ms of
 * its rules, --cpu-prof).
 */
function findUsesAfterEnd(sessions: readonly Session[]): Set<number> {
  const uses = new Set<number>();
  for (let s = 0; s < sessions.length; s++) {
    const session = sessions[s] as LoggedSession;
    const endSeq = session.endSeq;
    if (endSeq === Infinity) continue;
    const table = session.requestTable;
    const rows = session.requestRows;
    const from = session.requestsFrom;
    for (let i = from + session.requestCount - 1; i >= from; i--) {
      const row = rows[i]!;
      if (table.seqOf(row) <= endSeq) break;
      if (table.record(row).httpMethod !== "DELETE") uses.add(row);
    }
  }
  return uses;
}

/** `afterEnd`: rows (see findUsesAfterEnd). */
function isUnknown(r: LoggedRequest, afterEnd: ReadonlySet<number>): boolean {
  // A negative code is a request without an id (null or absent): the string is not made to ask.
  if (r.sessionCode < 0) return false;
  return r.responseStatus === 404 || afterEnd.has(r.row);
}

function isInitializeWithoutSession(next: RequestRecord | undefined): boolean {
  return next !== undefined && next.isInitialize === true && next.sessionId === null;
}
