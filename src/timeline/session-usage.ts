import type { Session } from "./model.js";

/** The batches (of the clients that sent them) in which a session's id was used, its initialize included. */
export function countSessionBatches(session: Session): number {
  let cached = batchCounts.get(session);
  if (cached === undefined) {
    cached = countDistinctBatches(session);
    batchCounts.set(session, cached);
  }
  return cached;
}

const batchCounts = new WeakMap<Session, number>();

function countDistinctBatches(session: Session): number {
  const uses = session.createdBy ? [session.createdBy, ...session.requests] : session.requests;
  // One client's batch numbers only grow along the log, so counting changes counts batches;
  // a session used by several clients (rare, and odd) needs the set.
  const client = uses[0]?.clientKey;
  if (uses.every((r) => r.clientKey === client)) {
    let count = 0;
    let previous = -1;
    for (const r of uses) {
      if (r.batch === previous) continue;
      count++;
      previous = r.batch;
    }
    return count;
  }
  return new Set(uses.map((r) => `${r.clientKey}#${r.batch}`)).size;
}

/** Reuse across batches is the evidence that a client can persist a session. */
export function isReusedAcrossBatches(session: Session): boolean {
  return countSessionBatches(session) > 1;
}

/** Created inside the log (by a session_created line or an initialize's response), not merely used. */
export function isCreatedInLog(session: Session): boolean {
  return session.created !== null || session.createdBy !== null;
}

export function creationTime(session: Session): number {
  return session.created?.at ?? session.createdBy?.at ?? session.startAt;
}
