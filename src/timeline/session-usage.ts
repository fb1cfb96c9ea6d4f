import type { Session } from "./model.js";
import type { LoggedRequest } from "./records.js";
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
  // and the first request's batch and client read once, not at every request of the session.
  const requests = rowsOf(session.requests);
  const first = (session.createdBy as LoggedRequest | null) ?? requests.at(0);
  if (!first) return false;
  const batch = first.batch;
  const client = first.clientCode;
  const { table } = requests;
  for (let i = 0; i < requests.length; i++) {
    const row = requests.row(i);
    if (table.batchOf(row) !== batch || table.clientCodeOf(row) !== client) return true;
  }
  return false;
}

/**
 * Created inside the log (by a session_created line or an initialize's response), not merely used.
 * The initialize first: a session makes its creation line's record anew at each read.
 */
export function isCreatedInLog(session: Session): boolean {
  return session.createdBy !== null || session.created !== null;
}

export function creationTime(session: Session): number {
  return session.created?.at ?? session.createdBy?.at ?? session.startAt;
}
