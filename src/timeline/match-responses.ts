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
        removeFromQueue(this.queues.get(request.sessionId ?? null), request);
        return request;
      }
      if (request) return undefined;
    }
    const sameSession = response.sessionId ? this.queues.get(response.sessionId) : undefined;
    const fromSession = sameSession && takePreferringPost(sameSession);
    if (fromSession) return fromSession;
    const sessionLess = this.queues.get(null);
    return sessionLess && takePreferringPost(sessionLess);
  }
}

function takePreferringPost(queue: RequestRecord[]): RequestRecord | undefined {
  const index = queue.findIndex((request) => request.httpMethod !== "GET");
  const [taken] = queue.splice(index === -1 ? 0 : index, 1);
  return taken;
}

function removeFromQueue(queue: RequestRecord[] | undefined, request: RequestRecord) {
  const index = queue?.indexOf(request) ?? -1;
  if (index !== -1) queue!.splice(index, 1);
}
