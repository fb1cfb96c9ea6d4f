import type { ClosureList } from "./line-table.js";
import type { RequestList, Timeline } from "./model.js";
import type { RowList } from "./request-list.js";

/*
 * The timeline's records as the rows they are, for passes that read a row's numbers (a client's or
 * a session id's number in the timeline's strings) instead of its strings. Every list of requests
 * of a timeline is a RowList, a filtered timeline's too (filterTimeline keeps rows), and every
 * list of stream closures a ClosureList.
 */

/** The timeline's requests as rows of its RequestTable (records.ts). */
export function requestRows(timeline: Timeline): RowList {
  return timeline.requests as RowList;
}

/** A client's, a session's or a batch's requests as rows. */
export function rowsOf(requests: RequestList): RowList {
  return requests as RowList;
}

/** The stream closures as rows of the timeline's server lines (line-table.ts). */
export function closureRows(timeline: Timeline): ClosureList {
  return timeline.streamClosures as ClosureList;
}
