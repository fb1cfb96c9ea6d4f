import type { Report } from "../report.js";
import { NULL_CODE } from "./interner.js";
import { DELETE, INITIALIZE, NOT_INITIALIZE, type ReleasedRequests } from "./released-requests.js";
import type { WalkObserver } from "./walk-feed.js";

type Counts = Pick<Report["summary"], "requests" | "initializeRequests" | "nullSessionInitializeRequests" | "nullSessionNonInitializeRequests" | "requestsWithSessionId" | "deleteRequests">;

/** The report summary's request counts, counted as the walk releases the requests. */
export class RequestCounts implements WalkObserver {
  readonly counts: Counts = { requests: 0, initializeRequests: 0, nullSessionInitializeRequests: 0, nullSessionNonInitializeRequests: 0, requestsWithSessionId: 0, deleteRequests: 0 };

  /** The session id is read as its number (null is NULL_CODE, a string a number from 0), not made a string. */
  requests({ length, kept, sessionCode, flags }: ReleasedRequests) {
    const counts = this.counts;
    for (let i = 0; i < length; i++) {
      if (kept[i] === 0) continue;
      counts.requests++;
      const session = sessionCode[i]!;
      const kind = flags[i]!;
      if ((kind & INITIALIZE) !== 0) {
        counts.initializeRequests++;
        if (session === NULL_CODE) counts.nullSessionInitializeRequests++;
      } else if ((kind & NOT_INITIALIZE) !== 0 && session === NULL_CODE) counts.nullSessionNonInitializeRequests++;
      if (session >= 0) counts.requestsWithSessionId++;
      if ((kind & DELETE) !== 0) counts.deleteRequests++;
    }
  }
}
