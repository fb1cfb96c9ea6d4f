import type { RequestEvent, ResponseEvent } from "../events.js";

export interface SequencedRequest {
  readonly seq: number;
  readonly event: RequestEvent;
}
export interface SequencedResponse {
  readonly seq: number;
  readonly event: ResponseEvent;
}

/**
 * Pairs each response line with the request it answers. A shared `request_id` decides when both
 * lines carry one. Otherwise the oldest unanswered request with the same session id wins, and a
 * response bearing an id nobody sent yet answers the oldest session-less request (an initialize).
 * Long-lived GET streams finish late, so a POST of the same session is preferred over them.
 */
export function matchResponses(
  requests: readonly SequencedRequest[],
  responses: readonly SequencedResponse[],
): Map<number, SequencedResponse> {
  const answered = new Map<number, SequencedResponse>();
  const byRequestId = new Map<string, SequencedRequest>();
  const queues = new Map<string | null, SequencedRequest[]>();
  let r = 0;
  for (const response of responses) {
    while (r < requests.length && requests[r]!.seq < response.seq) {
      const request = requests[r++]!;
      if (request.event.requestId !== null) byRequestId.set(request.event.requestId, request);
      const key = request.event.sessionId ?? null;
      if (request.event.sessionId === undefined) continue;
      const queue = queues.get(key);
      if (queue) queue.push(request);
      else queues.set(key, [request]);
    }
    const match = takeMatch(response.event, byRequestId, queues, answered);
    if (match) answered.set(match.seq, response);
  }
  return answered;
}

function takeMatch(
  response: ResponseEvent,
  byRequestId: Map<string, SequencedRequest>,
  queues: Map<string | null, SequencedRequest[]>,
  answered: Map<number, SequencedResponse>,
): SequencedRequest | undefined {
  if (response.requestId !== null) {
    const request = byRequestId.get(response.requestId);
    if (request && !answered.has(request.seq)) {
      byRequestId.delete(response.requestId);
      removeFromQueue(queues.get(request.event.sessionId ?? null), request);
      return request;
    }
    if (request) return undefined;
  }
  const sameSession = response.sessionId ? queues.get(response.sessionId) : undefined;
  const fromSession = sameSession && takePreferringPost(sameSession);
  if (fromSession) return fromSession;
  const sessionLess = queues.get(null);
  return sessionLess && takePreferringPost(sessionLess);
}

function takePreferringPost(queue: SequencedRequest[]): SequencedRequest | undefined {
  const index = queue.findIndex((request) => request.event.httpMethod !== "GET");
  const [taken] = queue.splice(index === -1 ? 0 : index, 1);
  return taken;
}

function removeFromQueue(queue: SequencedRequest[] | undefined, request: SequencedRequest) {
  const index = queue?.indexOf(request) ?? -1;
  if (index !== -1) queue!.splice(index, 1);
}
