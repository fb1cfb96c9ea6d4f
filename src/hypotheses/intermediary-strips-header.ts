import type { LineRef } from "../events.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { RequestRecord, Session } from "../timeline/model.js";
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
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions[i]!;
      if (session.createdBy === null) continue;
      if (issued++ < MAX_HYPOTHESIS_EVIDENCE) issuedRefs.push(session.createdBy.ref);
      const reply = findSentBack(session);
      if (reply && sentBack++ < MAX_HYPOTHESIS_EVIDENCE) sentBackRefs.push(reply.ref);
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

/**
 * A client can only send back an id that reached it: its first request carrying the id. The
 * request, not its line: a reference is made only for the lines shown. Clients are compared as
 * their keys' numbers (the owner's is NULL_CODE when it has none, never a client's).
 */
function findSentBack(session: Session): RequestRecord | null {
  const owner = (session as LoggedSession).ownerCode;
  const requests = rowsOf(session.requests);
  for (let i = 0; i < requests.length; i++) if (requests.table.clientCodeOf(requests.row(i)) === owner) return requests.at(i)!;
  return null;
}
