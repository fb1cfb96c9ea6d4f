import type { Batch, Client } from "./model.js";
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
  /** How many requests the client has: set when packed. */
  requestCount = 0;
  /** Every client's rows side by side, once packed. */
  requests: RowList;
  /** Every client's batch starts, once packed, the client's from `firstBatch`. */
  private starts: Int32Array = NO_STARTS;
  private firstBatch = 0;
  /** How many batches the client has: set when packed. */
  batchCount = 0;

  constructor(
    readonly key: string,
    readonly userAgent: string | null,
    readonly remoteAddress: string | null,
    table: RequestTable,
  ) {
    this.requests = new RowList(table, NO_STARTS, 0, 0);
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

  /** The client's `count` rows are `rows` from `firstRow`, its `batchCount` batch starts `starts` from `firstBatch`. */
  pack(rows: Int32Array, firstRow: number, count: number, starts: Int32Array, firstBatch: number, batchCount: number) {
    this.requests = new RowList(this.requests.table, rows, firstRow, count);
    this.requestCount = count;
    this.starts = starts;
    this.firstBatch = firstBatch;
    this.batchCount = batchCount;
  }
}

const NO_STARTS = new Int32Array(0);

/**
 * Once no request is added any more: every client's rows and batch starts, each into one array,
 * read from the table's columns (a row's client key and its batch's index in its client's), two
 * passes over the rows. The fold kept a list of rows of its own per client, grown by doubling, and
 * each client's batch starts: at 1 GiB, a client's request was a write into one of 28,000 lists
 * and two objects read, each where the heap put it.
 * `clientCodes` and `batchCounts` are the clients' key numbers in the table's strings and their
 * batch counts, by the clients' positions.
 */
export function packClients(clients: readonly LoggedClient[], table: RequestTable, clientCodes: Int32Array, batchCounts: Int32Array) {
  const n = clients.length;
  let codes = 0;
  for (let c = 0; c < n; c++) codes = Math.max(codes, clientCodes[c]! + 1);
  const clientOfCode = new Int32Array(codes);
  for (let c = 0; c < n; c++) clientOfCode[clientCodes[c]!] = c;
  const from = new Int32Array(n + 1);
  for (let r = 0; r < table.length; r++) from[clientOfCode[table.clientCodeOf(r)]! + 1]!++;
  const batchFrom = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) {
    from[c + 1]! += from[c]!;
    batchFrom[c + 1] = batchFrom[c]! + batchCounts[c]!;
  }
  const rows = new Int32Array(table.length);
  const starts = new Int32Array(batchFrom[n]!);
  const next = from.slice(0, n);
  const nextBatch = new Int32Array(n);
  for (let r = 0; r < table.length; r++) {
    const c = clientOfCode[table.clientCodeOf(r)]!;
    const position = next[c]!++;
    // A client's batches are runs of its list, numbered in order: a row whose batch is the next one starts it.
    if (table.batchOf(r) === nextBatch[c]) starts[batchFrom[c]! + nextBatch[c]!++] = position - from[c]!;
    rows[position] = r;
  }
  for (let c = 0; c < n; c++) clients[c]!.pack(rows, from[c]!, from[c + 1]! - from[c]!, starts, batchFrom[c]!, batchCounts[c]!);
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
