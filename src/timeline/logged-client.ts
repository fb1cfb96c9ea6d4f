import type { Batch, Client, RequestRecord } from "./model.js";

/*
 * Clients, whose request lists and batches are made when asked. The fold notes each request's
 * position in the timeline's list and where each batch starts; at the end of the log every
 * client's numbers go side by side into two Int32Arrays (packClients). A list of its requests
 * per client doubled the timeline's pointers to requests, and an object per batch and the list
 * of them took 70 bytes a batch: 5.8 MB of the 100 MiB bench log's timeline, 1.4 MB as numbers.
 * The rules and the report ask for a client's requests or batches a few times per run.
 */

/** Every client's request positions (in the timeline's list) and batch starts (in the client's list), side by side. */
interface ClientColumns {
  readonly requests: readonly RequestRecord[];
  readonly positions: Int32Array;
  readonly batchStarts: Int32Array;
}

/** The list of requests made last, by the columns of the timeline it was made for. */
const lastMade = new WeakMap<ClientColumns, { readonly client: LoggedClient; readonly list: readonly RequestRecord[] }>();

export class LoggedClient implements Client {
  /** The fold's, until packed: positions in the timeline's list, and where each batch starts among them. */
  private positions: number[] = [];
  private batchStarts: number[] = [];
  private columns: ClientColumns | null = null;
  /** Where the client's numbers start in the columns, once packed. */
  private firstPosition = 0;
  private firstBatch = 0;
  /** Read by the fold: how many requests and batches the client has so far. */
  requestCount = 0;
  batchCount = 0;

  constructor(
    readonly key: string,
    readonly userAgent: string | null,
    readonly remoteAddress: string | null,
  ) {}

  /** The fold adds the request at `position` in the timeline's list. */
  add(position: number) {
    this.positions.push(position);
    this.requestCount++;
  }

  /** A batch starts at the request added next; its index. */
  startBatch(): number {
    this.batchStarts.push(this.requestCount);
    return this.batchCount++;
  }

  /**
   * In log order. The list made last is kept for the next ask, as a rule may read a client's list
   * by index in a loop (unknown-session reads the next request of each unknown one); any other
   * ask makes a new list.
   */
  get requests(): readonly RequestRecord[] {
    const columns = this.columns!;
    const last = lastMade.get(columns);
    if (last?.client === this) return last.list;
    const list = new Array<RequestRecord>(this.requestCount);
    const { requests, positions } = columns;
    for (let i = 0; i < list.length; i++) list[i] = requests[positions[this.firstPosition + i]!]!;
    lastMade.set(columns, { client: this, list });
    return list;
  }

  /** A new list of new batches at each ask. */
  get batches(): Batch[] {
    const requests = this.requests;
    const starts = this.columns!.batchStarts;
    const batches = new Array<Batch>(this.batchCount);
    for (let i = 0; i < batches.length; i++) {
      const start = starts[this.firstBatch + i]!;
      const end = i + 1 < batches.length ? starts[this.firstBatch + i + 1]! : requests.length;
      batches[i] = new LoggedBatch(i, requests, start, end - start);
    }
    return batches;
  }

  pack(columns: ClientColumns, firstPosition: number, firstBatch: number) {
    columns.positions.set(this.positions, firstPosition);
    columns.batchStarts.set(this.batchStarts, firstBatch);
    this.columns = columns;
    this.firstPosition = firstPosition;
    this.firstBatch = firstBatch;
    this.positions = [];
    this.batchStarts = [];
  }
}

/** Once no request is added any more: every client's numbers into two arrays; `requests` is the timeline's list. */
export function packClients(clients: readonly LoggedClient[], requests: readonly RequestRecord[]) {
  let positions = 0;
  let batches = 0;
  for (const client of clients) {
    positions += client.requestCount;
    batches += client.batchCount;
  }
  const columns = { requests, positions: new Int32Array(positions), batchStarts: new Int32Array(batches) };
  positions = 0;
  batches = 0;
  for (const client of clients) {
    client.pack(columns, positions, batches);
    positions += client.requestCount;
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
