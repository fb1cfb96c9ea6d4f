import type { Session } from "./model.js";
import type { LoggedSession } from "./logged-session.js";

/**
 * The batches (of the clients that sent them) in which a session's id was used, its initialize
 * included, read from its records: what SessionUses asks of a session used by several clients
 * (rare, and odd), whose batches it does not count as the walk goes.
 */
export function countSessionBatches(session: Session): number {
  const uses = session.createdBy ? [session.createdBy, ...session.requests] : [...session.requests];
  return new Set(uses.map((r) => `${r.clientKey}#${r.batch}`)).size;
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
