import { ABSENT_CODE, NULL_CODE } from "./interner.js";
import { RowsById } from "./rows-by-id.js";
import { ZeroPagedColumn } from "./zero-paged-column.js";

/** What the matcher reads of a request, by its row (RequestTable's): its session id as a number of the timeline's strings (see Interner). */
export interface MatchedRows {
  sessionCodeOf(row: number): number;
  isGetOf(row: number): boolean;
  hasResponseOf(row: number): boolean;
}

/**
 * Pairs each response line with the request it answers, as the log is read: a response only ever
 * answers an earlier line. A shared `request_id` decides when both lines carry one. Otherwise the
 * oldest unanswered request with the same session id wins, and a response bearing an id nobody
 * sent yet answers the oldest session-less request (an initialize). Long-lived GET streams finish
 * late, so a POST of the same session is preferred over them.
 */
export class ResponseMatcher {
  /**
   * The latest request sent with each request id, until a response takes it by that id: keyed by
   * the id's code where it has one (request-id-code.ts), else its string.
   */
  private readonly byRequestId = new RowsById();
  /**
   * The requests of each session id waiting for an answer, oldest first, by the id's number in the
   * timeline's strings plus one (NULL_CODE's, at 0, are the session-less requests). Mostly one
   * waits at a time: its row plus one; 0 when none waits; -1 - k when two or more do, the list
   * `lists[k]`, given back to `freeLists` once empty. A Map by session code, its entries set to
   * null when emptied and swept now and then, shrank at each sweep and grew back: 10 of the 94 MB
   * the fold of the 100 MiB bench log allocated (node /tmp/s19/alloc-fold.mjs). Few ids have a
   * request waiting at a time, the recent ones: pages let go once empty (ZeroPagedColumn).
   */
  private readonly heads = new ZeroPagedColumn();
  private readonly lists: number[][] = [];
  private readonly freeLists: number[] = [];

  /** Requests come as their rows of `rows`. */
  constructor(private readonly rows: MatchedRows) {}

  /** `sessionCode`: the request's session id's number, as its row holds it; the fold has it at hand, where its row's is a read of the table. */
  addRequest(request: number, requestId: string | number | null, sessionCode = this.rows.sessionCodeOf(request)) {
    if (requestId !== null) this.byRequestId.set(requestId, request);
    const key = sessionCode;
    // A request whose log did not record the header cannot be matched by session.
    if (key === ABSENT_CODE) return;
    const slot = key + 1;
    const head = this.heads.get(slot);
    if (head === 0) this.heads.set(slot, request + 1);
    else if (head > 0) this.heads.set(slot, -1 - this.newList(head - 1, request));
    else this.lists[-1 - head]!.push(request);
  }

  /**
   * The unanswered request a response answers, taken out of the waiting ones; undefined when none.
   * `sessionCode` is the response's session id, NULL_CODE when it has none (or an empty one).
   */
  match(requestId: string | number | null, sessionCode: number): number | undefined {
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
    const slot = key + 1;
    const head = this.heads.get(slot);
    if (head === 0) return undefined;
    if (head > 0) {
      this.heads.set(slot, 0);
      return head - 1;
    }
    const queue = this.lists[-1 - head]!;
    let index = 0;
    while (index < queue.length && this.rows.isGetOf(queue[index]!)) index++;
    if (index === queue.length) index = 0;
    const taken = queue[index]!;
    this.takeAt(slot, queue, index);
    return taken;
  }

  private remove(key: number, request: number) {
    const slot = key + 1;
    const head = slot >= 0 ? this.heads.get(slot) : 0;
    if (head === request + 1) this.heads.set(slot, 0);
    if (head >= 0) return;
    const queue = this.lists[-1 - head]!;
    const index = queue.indexOf(request);
    if (index !== -1) this.takeAt(slot, queue, index);
  }

  /** A list holding `first` then `second`, one given back if any: its index in `lists`. */
  private newList(first: number, second: number): number {
    const k = this.freeLists.length > 0 ? this.freeLists.pop()! : this.lists.push([]) - 1;
    this.lists[k]!.push(first, second);
    return k;
  }

  /** Takes the request at `index` out of the list of the session at `slot`, and gives the list back once empty. */
  private takeAt(slot: number, queue: number[], index: number) {
    for (let i = index; i < queue.length - 1; i++) queue[i] = queue[i + 1]!;
    queue.pop();
    if (queue.length > 0) return;
    this.freeLists.push(-1 - this.heads.get(slot));
    this.heads.set(slot, 0);
  }
}
