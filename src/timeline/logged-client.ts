import type { Batch, Client, RequestRecord } from "./model.js";

/*
 * Clients, whose batches are made when asked. A batch is a run of the client's requests, one
 * after the other in its list: the fold notes where each run starts, and at the end of the log
 * every client's starts go side by side into one Int32Array (packClients). An object per batch
 * and the list of them took 70 bytes a batch (4.1 MB of the 100 MiB bench log's timeline); an
 * Int32Array of its own per client, some 180 bytes a client besides its numbers. The rules and
 * the report read a client's batches a few times per run.
 */

export class LoggedClient implements Client {
  requests: RequestRecord[] = [];
  /** The fold's, until packed: where each batch starts in `requests`. */
  private batchStarts: number[] = [];
  /** Every client's batch starts, once packed, the client's from `firstBatch`. */
  private starts: Int32Array = NO_STARTS;
  private firstBatch = 0;
  /** How many batches the client has (so far, as the fold reads it): counted without making them. */
  batchCount = 0;

  constructor(
    readonly key: string,
    readonly userAgent: string | null,
    readonly remoteAddress: string | null,
  ) {}

  /** The fold adds a request to the client. */
  add(request: RequestRecord) {
    this.requests.push(request);
  }

  /** A batch starts at the request added next; its index. */
  startBatch(): number {
    this.batchStarts.push(this.requests.length);
    return this.batchCount++;
  }

  /** A new list of new batches at each ask. */
  get batches(): Batch[] {
    const batches = new Array<Batch>(this.batchCount);
    for (let i = 0; i < batches.length; i++) {
      const start = this.starts[this.firstBatch + i]!;
      const end = i + 1 < batches.length ? this.starts[this.firstBatch + i + 1]! : this.requests.length;
      batches[i] = new LoggedBatch(i, this.requests, start, end - start);
    }
    return batches;
  }

  /**
   * No request is added any more: the list is copied to its length (a list grown by push keeps
   * up to half as much room again as it holds: 1.1 MB of the 100 MiB bench log's timeline) and
   * the batch starts go to `starts`, from `firstBatch`.
   */
  pack(starts: Int32Array, firstBatch: number) {
    this.requests = this.requests.slice();
    starts.set(this.batchStarts, firstBatch);
    this.starts = starts;
    this.firstBatch = firstBatch;
    this.batchStarts = [];
  }
}

const NO_STARTS = new Int32Array(0);

/** Once no request is added any more: every client's batch starts into one array. */
export function packClients(clients: readonly LoggedClient[]) {
  let batches = 0;
  for (const client of clients) batches += client.batchCount;
  const starts = new Int32Array(batches);
  batches = 0;
  for (const client of clients) {
    client.pack(starts, batches);
    batches += client.batchCount;
  }
}

/** A client's batch: `count` requests from `first` in the client's list, which it reads its times from. */
class LoggedBatch implements Batch {
  constructor(
    readonly index: number,
    private readonly clientRequests: readonly RequestRecord[],
    private readonly first: number,
    private readonly count: number,
  ) {}

  get startAt(): number {
    return this.clientRequests[this.first]!.at;
  }

  get endAt(): number {
    return this.clientRequests[this.first + this.count - 1]!.at;
  }

  /** A new list at each ask: the rules and the report ask once per batch. */
  get requests(): RequestRecord[] {
    return this.clientRequests.slice(this.first, this.first + this.count);
  }
}
