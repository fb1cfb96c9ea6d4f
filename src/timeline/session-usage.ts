import type { Session } from "./model.js";
import type { LoggedSession } from "./logged-session.js";
import { rowsOf } from "./rows.js";

/** The batches (of the clients that sent them) in which a session's id was used, its initialize included. */
export function countSessionBatches(session: Session): number {
  const first = session.createdBy ?? session.requests.at(0);
  if (!first) return 0;
  // One client's batch numbers only grow along the log, so counting changes counts batches;
  // a session used by several clients (rare, and odd) needs the set.
  let count = 1;
  let previous = first.batch;
  for (const r of session.requests) {
    if (r.clientKey !== first.clientKey) return countDistinctBatches(session);
    if (r.batch === previous) continue;
    count++;
    previous = r.batch;
  }
  return count;
}

function countDistinctBatches(session: Session): number {
  const uses = session.createdBy ? [session.createdBy, ...session.requests] : [...session.requests];
  return new Set(uses.map((r) => `${r.clientKey}#${r.batch}`)).size;
}

/**
 * Reuse across batches is the evidence that a client can persist a session. Asked of every
 * session: a use in another batch than the first is enough, without counting them all.
 */
export function isReusedAcrossBatches(session: Session): boolean {
  // Every request of a timeline is a row (see rows.ts): its client compared as the key's number,
  // and the first request's batch and client read once from its row, not at every request of the
  // session nor from a record made for the purpose (one per session asked, 371,000 at 1 GiB).
  const requests = rowsOf(session.requests);
  const { table } = requests;
  const createdBy = (session as LoggedSession).createdByRow;
  const first = createdBy !== -1 ? createdBy : requests.length > 0 ? requests.row(0) : -1;
  if (first === -1) return false;
  const batch = table.batchOf(first);
  const client = table.clientCodeOf(first);
  for (let i = 0; i < requests.length; i++) {
    const row = requests.row(i);
    if (table.batchOf(row) !== batch || table.clientCodeOf(row) !== client) return true;
  }
  return false;
}

/**
 * Created inside the log (by a session_created line or an initialize's response), not merely used.
 * The initialize first, asked of its row: a session makes its initialize's record and its creation
 * line's anew at each read.
 */
export function isCreatedInLog(session: Session): boolean {
  return (session as LoggedSession).createdByRow !== -1 || session.created !== null;
}

/**
 * Its creation line's time, else its initialize's, else when it was first seen. The line's record
 * is made to ask: creationSeq, asked first to spare it, is one more read of the line table per
 * session, and the report's stage took some 60 ms longer at 1 GiB so.
 */
export function creationTime(session: Session): number {
  return session.created?.at ?? session.createdBy?.at ?? session.startAt;
}
