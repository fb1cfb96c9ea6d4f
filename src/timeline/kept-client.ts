import type { Batch, Client } from "./model.js";
import type { RowList } from "./request-list.js";

/*
 * A client of a filtered timeline (filterTimeline) that kept some of its requests: those, and its
 * batches made when asked from the whole client's. A batch's requests are a run of the client's,
 * so its kept ones are a run of the kept list: a slice of it. The filter made an object, a list
 * and an Int32Array per kept batch (at 1 GiB, --client openai-mcp kept 95,000 batches: 36 MB of the
 * heap, held with the filtered timeline), while only the rules' and report's counts read them.
 */

export class KeptClient implements Client {
  readonly key: string;
  readonly userAgent: string | null;
  readonly remoteAddress: string | null;
  /** The whole client (the unfiltered timeline's), whose batches are numbered as the rows say. */
  private readonly whole: Client;

  constructor(
    whole: Client,
    /** The requests kept: a subsequence of the whole client's, in its order. */
    readonly requests: RowList,
    /** How many of the whole client's batches have a request kept (keptBatchCount). */
    readonly batchCount: number,
  ) {
    this.whole = whole instanceof KeptClient ? whole.whole : whole;
    this.key = whole.key;
    this.userAgent = whole.userAgent;
    this.remoteAddress = whole.remoteAddress;
  }

  /** A new list of new batches at each ask: the whole client's that kept a request, with their times and number. */
  get batches(): Batch[] {
    const { requests } = this;
    const { table } = requests;
    const batches: Batch[] = [];
    let start = 0;
    for (const batch of this.whole.batches) {
      let end = start;
      while (end < requests.length && table.batchOf(requests.row(end)) === batch.index) end++;
      if (end > start) batches.push({ index: batch.index, startAt: batch.startAt, endAt: batch.endAt, requests: requests.slice(start, end) });
      start = end;
    }
    return batches;
  }
}

/** How many batches `rows` (a client's, kept or whole) have a request in: a row holds its batch's number, and a batch's rows are a run. */
export function keptBatchCount(rows: RowList): number {
  let count = 0;
  let last = -1;
  for (let i = 0; i < rows.length; i++) {
    const batch = rows.table.batchOf(rows.row(i));
    if (batch !== last) count++;
    last = batch;
  }
  return count;
}
