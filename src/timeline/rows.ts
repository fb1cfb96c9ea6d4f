import type { LoggedStreamClosure } from "./line-table.js";
import type { Timeline } from "./model.js";
import type { LoggedRequest } from "./records.js";

/*
 * The timeline's records as the rows they are, for passes that read a row's numbers (a client's or
 * a session id's number in the timeline's strings) instead of its strings. Every record of a
 * timeline is one, a filtered timeline's too: filterTimeline keeps the records it keeps.
 */

/** The requests as LoggedRequest rows (records.ts). */
export function requestRows(timeline: Timeline): readonly LoggedRequest[] {
  return timeline.requests as readonly LoggedRequest[];
}

/** The stream closures as LoggedStreamClosure rows (line-table.ts). */
export function closureRows(timeline: Timeline): readonly LoggedStreamClosure[] {
  return timeline.streamClosures as readonly LoggedStreamClosure[];
}
