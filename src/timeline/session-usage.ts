import type { Session } from "./model.js";
import type { LoggedSession } from "./logged-session.js";
import { rowsOf } from "./rows.js";

/**
 * The batches (of the clients that sent them) in which a session's id was used, its initialize
 * included. Read from the rows, clients compared as their keys' numbers: a session a client kept
 * all along has tens of thousands of requests, and a record and its key's string made for each
 * (the list's iterator) took 126 ms of the 1 GiB bench log's report for its first 1,000 sessions.
 */
export function countSessionBatches(session: Session): number {
  const requests = rowsOf(session.requests);
  const { table } = requests;
  const createdBy = (session as LoggedSession).createdByRow;
  const first = createdBy !== -1 ? createdBy : requests.length > 0 ? requests.row(0) : -1;
  if (first === -1) return 0;
  const client = table.clientCodeOf(first);
  // One client's batch numbers only grow along the log, so counting changes counts batches;
  // a session used by several clients (rare, and odd) needs the set.
  let count = 1;
  let previous = table.batchOf(first);
  for (let i = 0; i < requests.length; i++) {
    const row = requests.row(i);
    if (table.clientCodeOf(row) !== client) return countDistinctBatches(session);
    const batch = table.batchOf(row);
    if (batch === previous) continue;
    count++;
    previous = batch;
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
  const logged = session as LoggedSession;
  const table = logged.requestTable;
  const count = logged.requestCount;
  const from = logged.requestsFrom;
  const rows = logged.requestRows;
  const createdBy = logged.createdByRow;
  const first = createdBy !== -1 ? createdBy : count > 0 ? rows[from]! : -1;
  if (first === -1) return false;
  const batch = table.batchOf(first);
  const client = table.clientCodeOf(first);
  for (let i = from; i < from + count; i++) {
    const row = rows[i]!;
    if (table.batchOf(row) !== batch || table.clientCodeOf(row) !== client) return true;
  }
  return false;
}

/**
 * Created inside the log (by a session_created line or an initialize's response), not merely used.
 * Both asked of the session's row: a session makes its initialize's record and its creation
 * line's anew at each read.
 */
export function isCreatedInLog(session: Session): boolean {
  const logged = session as LoggedSession;
  return logged.createdByRow !== -1 || logged.hasCreation;
}

/**
 * Its creation line's time, else its initialize's, else when it was first seen, read from the
 * rows: the records made to ask were two or three per session in the report's census.
 */
export function creationTime(session: Session): number {
  const logged = session as LoggedSession;
  if (logged.hasCreation) return logged.creationAt;
  return logged.createdByRow !== -1 ? logged.createdByAt : logged.startAt;
}
