import { ABSENT_CODE, NULL_CODE } from "./interner.js";
import { RowsById } from "./rows-by-id.js";

/** What the matcher reads of a request, by its row (RequestTable's): its session id as a number of the timeline's strings (see Interner). */
export interface MatchedRows {
  sessionCodeOf(row: number): number;
  isGetOf(row: number): boolean;
  hasResponseOf(row: number): boolean;
}

/**
 * The requests of a session id waiting for an answer, oldest first. Mostly one at a time: it is
 * kept as itself, not in a list of its own, and null when none waits (until a sweep, see emptied).
 * A list per session id lived as long as its session: on the 100 MiB bench log, the main thread
 * promotes some 3 MB less without them (`node --trace-gc-nvp`, 85 against 88 MB).
 */
type Waiting = number | number[] | null;

/**
 * Pairs each response line with the request it answers, as the log is read: a response only ever
 * answers an earlier line. A shared `request_id` decides when both lines carry one. Otherwise the
 * oldest unanswered request with the same session id wins, and a response bearing an id nobody
 * sent yet answers the oldest session-less request (an initialize). Long-lived GET streams finish
 * late, so a POST of the same session is preferred over them.
 */
export class ResponseMatcher {
  /** The latest request sent with each request id, until a response takes it by that id. */
  private readonly byRequestId = new RowsById();
  /** By session code; NULL_CODE's are the session-less requests. */
  private readonly queues = new Map<number, Waiting>();
  /** How many times a queue was emptied since the last sweep (see emptied). */
  private emptiedSinceSweep = 0;

  /** Requests come as their rows of `rows`. */
  constructor(private readonly rows: MatchedRows) {}

  addRequest(request: number, requestId: string | null) {
    if (requestId !== null) this.byRequestId.set(requestId, request);
    const key = this.rows.sessionCodeOf(request);
    // A request whose log did not record the header cannot be matched by session.
    if (key === ABSENT_CODE) return;
    const waiting = this.queues.get(key);
    if (waiting == null) this.queues.set(key, request);
    else if (Array.isArray(waiting)) waiting.push(request);
    else this.queues.set(key, [waiting, request]);
  }

  /**
   * The unanswered request a response answers, taken out of the waiting ones; undefined when none.
   * `sessionCode` is the response's session id, NULL_CODE when it has none (or an empty one).
   */
  match(requestId: string | null, sessionCode: number): number | undefined {
    if (requestId !== null) {
      const slot = this.byRequestId.slotOf(requestId);
      if (slot !== -1) {
        const request = this.byRequestId.rowAt(slot);
        if (this.rows.hasResponseOf(request)) return undefined;
        this.byRequestId.removeAt(slot);
        // A request without the header was never waiting by session: no queue has its key.
        this.remove(this.rows.sessionCodeOf(request), request);
        return request;
      }
    }
    return (sessionCode !== NULL_CODE ? this.takePreferringPost(sessionCode) : undefined) ?? this.takePreferringPost(NULL_CODE);
  }

  private takePreferringPost(key: number): number | undefined {
    const queue = this.queues.get(key);
    if (queue == null) return undefined;
    if (!Array.isArray(queue)) {
      this.queues.set(key, null);
      this.emptied();
      return queue;
    }
    if (queue.length === 0) return undefined;
    const index = queue.findIndex((request) => !this.rows.isGetOf(request));
    const taken = queue[index === -1 ? 0 : index];
    removeAt(queue, index === -1 ? 0 : index);
    if (queue.length === 0) this.emptied();
    return taken;
  }

  private remove(key: number, request: number) {
    const queue = this.queues.get(key);
    if (queue === request) {
      this.queues.set(key, null);
      this.emptied();
      return;
    }
    if (!Array.isArray(queue)) return;
    const index = queue.indexOf(request);
    if (index === -1) return;
    removeAt(queue, index);
    if (queue.length === 0) this.emptied();
  }

  /**
   * Empty queues are dropped now and then, all at once: kept, every session the log ever saw held
   * an entry to the end of the fold; dropped as soon as empty, a session's next request made a new
   * one and the Map's deletions cost more than the rest of the matching. A sweep comes once the
   * queues emptied since the last one could be half of them, so it costs O(1) per response.
   */
  private emptied() {
    if (++this.emptiedSinceSweep < SWEEP_AFTER || this.emptiedSinceSweep * 2 < this.queues.size) return;
    this.emptiedSinceSweep = 0;
    for (const [key, queue] of this.queues) if (queue === null || (Array.isArray(queue) && queue.length === 0)) this.queues.delete(key);
  }
}

const SWEEP_AFTER = 4096;

/** Like splice(index, 1), without making a list of the one removed. */
function removeAt<T>(list: T[], index: number) {
  for (let i = index; i < list.length - 1; i++) list[i] = list[i + 1]!;
  list.pop();
}
