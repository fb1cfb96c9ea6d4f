import type { Session } from "./model.js";

/** The batches (of the clients that sent them) in which a session's id was used, its initialize included. */
export function countSessionBatches(session: Session): number {
  const keys = new Set<string>();
  if (session.createdBy) keys.add(`${session.createdBy.clientKey}#${session.createdBy.batch}`);
  for (const request of session.requests) keys.add(`${request.clientKey}#${request.batch}`);
  return keys.size;
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
