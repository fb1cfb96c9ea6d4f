import type { Report } from "../report.js";
import { NULL_CODE } from "./interner.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

type Counts = Pick<Report["summary"], "requests" | "initializeRequests" | "nullSessionInitializeRequests" | "nullSessionNonInitializeRequests" | "requestsWithSessionId" | "deleteRequests">;

/** The report summary's request counts, counted as the walk releases the requests. */
export class RequestCounts implements WalkObserver {
  readonly counts: Counts = { requests: 0, initializeRequests: 0, nullSessionInitializeRequests: 0, nullSessionNonInitializeRequests: 0, requestsWithSessionId: 0, deleteRequests: 0 };

  /** The session id is read as its number (null is NULL_CODE, a string a number from 0), not made a string. */
  request(r: LoggedRequest, _client: number, kept: boolean) {
    if (!kept) return;
    const counts = this.counts;
    counts.requests++;
    const session = r.sessionCode;
    const isInitialize = r.isInitialize;
    if (isInitialize === true) {
      counts.initializeRequests++;
      if (session === NULL_CODE) counts.nullSessionInitializeRequests++;
    } else if (isInitialize === false && session === NULL_CODE) counts.nullSessionNonInitializeRequests++;
    if (session >= 0) counts.requestsWithSessionId++;
    if (r.httpMethod === "DELETE") counts.deleteRequests++;
  }
}
