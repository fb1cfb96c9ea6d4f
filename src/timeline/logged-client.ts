import type { Batch, Client } from "./model.js";
import { withRoomFor } from "./grown-column.js";
import type { RequestTable } from "./records.js";
import { RowList } from "./request-list.js";

/*
 * Clients, whose batches are made when asked. A batch is a run of the client's requests, one
 * after the other in its list: the fold notes where each run starts, and at the end of the log
 * every client's starts go side by side into one Int32Array (packClients). An object per batch
 * and the list of them took 70 bytes a batch (4.1 MB of the 100 MiB bench log's timeline); an
 * Int32Array of its own per client, some 180 bytes a client besides its numbers. The rules and
 * the report read a client's batches a few times per run. A client's requests are rows of the
 * timeline's RequestTable (request-list.ts), packed side by side the same way.
 */

export class LoggedClient implements Client {
  /** The fold's, until packed: the client's rows, grown by doubling. */
  private rows = new Int32Array(INITIAL_ROWS);
  /** How many requests the client has (so far, as the fold reads it). */
  requestCount = 0;
  /** Every client's rows side by side, once packed. */
  requests: RowList;
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
    table: RequestTable,
  ) {
    this.requests = new RowList(table, NO_STARTS, 0, 0);
  }

  /** The fold adds a request (its row of the table) to the client. */
  add(row: number) {
    if (this.requestCount === this.rows.length) this.rows = withRoomFor(this.rows, this.requestCount);
    this.rows[this.requestCount++] = row;
  }

  /** A batch starts at the request added next; its index. */
  startBatch(): number {
    this.batchStarts.push(this.requestCount);
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

  /** No request is added any more: the rows go to `rows` from `firstRow`, the batch starts to `starts` from `firstBatch`. */
  pack(rows: Int32Array, firstRow: number, starts: Int32Array, firstBatch: number) {
    rows.set(this.rows.subarray(0, this.requestCount), firstRow);
    this.requests = new RowList(this.requests.table, rows, firstRow, this.requestCount);
    this.rows = NO_STARTS;
    starts.set(this.batchStarts, firstBatch);
    this.starts = starts;
    this.firstBatch = firstBatch;
    this.batchStarts = [];
  }
}

const NO_STARTS = new Int32Array(0);
/** Most clients of a busy log send a few requests; the rows of one that sends more grow by doubling until packed. */
const INITIAL_ROWS = 8;

/** Once no request is added any more: every client's rows and batch starts, each into one array. */
export function packClients(clients: readonly LoggedClient[]) {
  let requests = 0;
  let batches = 0;
  for (const client of clients) {
    requests += client.requestCount;
    batches += client.batchCount;
  }
  const rows = new Int32Array(requests);
  const starts = new Int32Array(batches);
  requests = 0;
  batches = 0;
  for (const client of clients) {
    client.pack(rows, requests, starts, batches);
    requests += client.requestCount;
    batches += client.batchCount;
  }
}

/** A client's batch: `count` requests from `first` in the client's list, which it reads its times from. */
class LoggedBatch implements Batch {
  constructor(
    readonly index: number,
    private readonly clientRequests: RowList,
    private readonly first: number,
    private readonly count: number,
  ) {}

  get startAt(): number {
    return this.clientRequests.at(this.first)!.at;
  }

  get endAt(): number {
    return this.clientRequests.at(this.first + this.count - 1)!.at;
  }

  /** The batch's rows of the client's list. */
  get requests(): RowList {
    return this.clientRequests.slice(this.first, this.first + this.count);
  }
}
