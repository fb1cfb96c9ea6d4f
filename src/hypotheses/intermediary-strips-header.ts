import type { LineRef } from "../events.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import { rowsOf } from "../timeline/rows.js";
import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";

export const intermediaryStripsHeader = {
  id: "intermediary-strips-header",
  title: "A proxy or CDN stripping the header",
  decide({ sessions }) {
    let issued = 0;
    let sentBack = 0;
    // Only the first lines are shown: the counts say how many there were.
    const issuedRefs: LineRef[] = [];
    const sentBackRefs: LineRef[] = [];
    // Rows, their records made only for the lines shown: the initialize and the reply made for
    // every session were 53 MB at 1 GiB.
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions.at(i) as LoggedSession;
      if (session.createdByRow === -1) continue;
      if (issued++ < MAX_HYPOTHESIS_EVIDENCE) issuedRefs.push(session.createdBy!.ref);
      const reply = findSentBack(session);
      if (reply !== NOT_SENT_BACK && sentBack++ < MAX_HYPOTHESIS_EVIDENCE) sentBackRefs.push(rowsOf(session.requests).table.record(reply).ref);
    }
    if (issued === 0) return { verdict: "not-enough-evidence", reason: "no session id was issued to a client in this log", evidence: [] };
    if (sentBack > 0) {
      return {
        verdict: "ruled-out",
        reason: `the client sent back ${sentBack} of ${issued} issued session ids, so the header reached it`,
        evidence: sentBackRefs,
      };
    }
    return {
      verdict: "supported",
      reason: `none of the ${issued} issued session ids was ever sent back by its client`,
      evidence: issuedRefs,
    };
  },
} satisfies Hypothesis;

const NOT_SENT_BACK = -1;

/**
 * A client can only send back an id that reached it: its first request carrying the id, as its
 * row of the request table (NOT_SENT_BACK for none). Clients are compared as their keys' numbers
 * (the owner's is NULL_CODE when it has none, never a client's).
 */
function findSentBack(session: LoggedSession): number {
  const owner = session.ownerCode;
  const { requestTable: table, requestRows: rows, requestsFrom: from } = session;
  for (let i = from; i < from + session.requestCount; i++) {
    const row = rows.get(i);
    if (table.clientCodeOf(row) === owner) return row;
  }
  return NOT_SENT_BACK;
}
