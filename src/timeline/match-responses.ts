import type { ResponseEvent } from "../events.js";
import type { RequestRecord } from "./model.js";

/**
 * Pairs each response line with the request it answers, as the log is read: a response only ever
 * answers an earlier line. A shared `request_id` decides when both lines carry one. Otherwise the
 * oldest unanswered request with the same session id wins, and a response bearing an id nobody
 * sent yet answers the oldest session-less request (an initialize). Long-lived GET streams finish
 * late, so a POST of the same session is preferred over them.
 */
export class ResponseMatcher {
  private readonly byRequestId = new Map<string, RequestRecord>();
  private readonly queues = new Map<string | null, RequestRecord[]>();
  /** How many times a queue was emptied since the last sweep (see emptied). */
  private emptiedSinceSweep = 0;

  addRequest(request: RequestRecord, requestId: string | null) {
    if (requestId !== null) this.byRequestId.set(requestId, request);
    // A request whose log did not record the header cannot be matched by session.
    if (request.sessionId === undefined) return;
    const key = request.sessionId;
    const queue = this.queues.get(key);
    if (queue) queue.push(request);
    else this.queues.set(key, [request]);
  }

  /** The unanswered request this response answers, taken out of the waiting ones; undefined when none. */
  match(response: ResponseEvent): RequestRecord | undefined {
    if (response.requestId !== null) {
      const request = this.byRequestId.get(response.requestId);
      if (request && request.response === null) {
        this.byRequestId.delete(response.requestId);
        this.remove(request.sessionId ?? null, request);
        return request;
      }
      if (request) return undefined;
    }
    return (response.sessionId ? this.takePreferringPost(response.sessionId) : undefined) ?? this.takePreferringPost(null);
  }

  private takePreferringPost(key: string | null): RequestRecord | undefined {
    const queue = this.queues.get(key);
    if (!queue || queue.length === 0) return undefined;
    const index = queue.findIndex((request) => request.httpMethod !== "GET");
    const [taken] = queue.splice(index === -1 ? 0 : index, 1);
    if (queue.length === 0) this.emptied();
    return taken;
  }

  private remove(key: string | null, request: RequestRecord) {
    const queue = this.queues.get(key);
    const index = queue?.indexOf(request) ?? -1;
    if (index === -1) return;
    queue!.splice(index, 1);
    if (queue!.length === 0) this.emptied();
  }

  /**
   * Empty queues are dropped now and then, all at once: kept, every session the log ever saw held
   * an array to the end of the fold; dropped as soon as empty, a session's next request made a new
   * one and the Map's deletions cost more than the rest of the matching. A sweep comes once the
   * queues emptied since the last one could be half of them, so it costs O(1) per response.
   */
  private emptied() {
    if (++this.emptiedSinceSweep < SWEEP_AFTER || this.emptiedSinceSweep * 2 < this.queues.size) return;
    this.emptiedSinceSweep = 0;
    for (const [key, queue] of this.queues) if (queue.length === 0) this.queues.delete(key);
  }
}

const SWEEP_AFTER = 4096;
