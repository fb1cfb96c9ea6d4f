import type { Batch, Client } from "./model.js";
import type { RequestTable } from "./records.js";
import { clientsByCode, ClientLists } from "./client-lists.js";
import { PlacedRowList, RowList } from "./request-list.js";

/*
 * Clients, whose batches are made when asked. A batch is a run of the client's requests, one
 * after the other in its list, numbered in order: each request's row has its batch's number, and
 * a batch starts where the number changes. An object per batch and the list of them took 70
 * bytes a batch (4.1 MB of the 100 MiB bench log's timeline); an Int32Array of its own per
 * client, some 180 bytes a client besides its numbers; every client's starts side by side, 4
 * bytes a batch (2.3 MB at 1 GiB, made at the fold's end and kept with the timeline), while only
 * a filtered timeline's making reads the batches (filterTimeline): the rules and the report read
 * their count. A client's requests are rows of the timeline's RequestTable (request-list.ts),
 * every client's side by side in ClientLists, put when first read (packClients).
 */

export class LoggedClient implements Client {
  /** How many requests the client has: set when packed. */
  requestCount = 0;
  /** Every client's rows side by side, once packed. */
  requests: RowList;
  /** How many batches the client has: set when packed. */
  batchCount = 0;
  /** Its key's number in the table's strings, -1 until packed: known without reading its rows (client-index.ts's keyCode). */
  keyCode = -1;

  constructor(
    readonly key: string,
    readonly userAgent: string | null,
    readonly remoteAddress: string | null,
    table: RequestTable,
  ) {
    this.requests = new RowList(table, NO_ROWS, 0, 0);
  }

  /** A new list of new batches at each ask, their starts read from the rows' batch numbers. */
  get batches(): Batch[] {
    const { requests } = this;
    const { table } = requests;
    const batches = new Array<Batch>(this.batchCount);
    let start = 0;
    for (let i = 0; i < batches.length; i++) {
      let end = start + 1;
      while (end < requests.length && table.batchOf(requests.row(end)) === i) end++;
      batches[i] = new LoggedBatch(i, requests, start, end - start);
      start = end;
    }
    return batches;
  }

  /** The client's `count` rows are places of `lists` from `first`; it has `batchCount` batches; its key's number is `keyCode`. */
  pack(lists: ClientLists, first: number, count: number, batchCount: number, keyCode: number) {
    this.requests = new PlacedRowList(this.requests.table, lists, first, count);
    this.requestCount = count;
    this.batchCount = batchCount;
    this.keyCode = keyCode;
  }
}

const NO_ROWS = new Int32Array(0);

/**
 * Once no request is added any more: each client's count of rows, read from the table's column of
 * client keys in one pass, and its place in ClientLists, which puts the rows when one is first
 * read. The fold kept a list of rows of its own per client, grown by doubling, and each client's
 * batch starts: at 1 GiB, a client's request was a write into one of 28,000 lists and two objects
 * read, each where the heap put it. `clientCodes` and `batchCounts` are the clients' key numbers
 * in the table's strings and their batch counts, by the clients' positions.
 */
export function packClients(clients: readonly LoggedClient[], table: RequestTable, clientCodes: Int32Array, batchCounts: Int32Array) {
  const n = clients.length;
  const codes = clientCodes.slice(0, n);
  const clientOfCode = clientsByCode(codes);
  const from = new Int32Array(n + 1);
  for (let r = 0; r < table.length; r++) from[clientOfCode[table.clientCodeOf(r)]! + 1]!++;
  for (let c = 0; c < n; c++) from[c + 1]! += from[c]!;
  const lists = new ClientLists(table, codes, from);
  for (let c = 0; c < n; c++) clients[c]!.pack(lists, from[c]!, from[c + 1]! - from[c]!, batchCounts[c]!, codes[c]!);
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
