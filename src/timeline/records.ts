import type { LineRef } from "../events.js";
import { Interner } from "./interner.js";
import type { RequestRecord, ResponseRecord, StreamClosure } from "./model.js";

/*
 * The records a timeline keeps by the million. A request and its response are a row of typed
 * columns (RequestTable); the record the model hands out is a small object pointing at its row,
 * whose getters read the columns. Object fields kept four objects per request (the request, its
 * response, and a boxed double for each one's time), every one of them copied twice by the young
 * generation's collector and marked by the old one's; a row is numbers the collector never reads.
 * References ({ file, line }) and responses are made when asked: only evidence and the report ask.
 */

type Column = Float64Array | Int32Array | Int8Array;

/** A column with room for `capacity` rows, its rows kept. */
function grown<T extends Column>(column: T, capacity: number): T {
  const next = new (column.constructor as new (length: number) => T)(capacity);
  next.set(column);
  return next;
}

const NO_RESPONSE = -1;
const NO_NUMBER = Number.NaN;

/** Every request of a timeline, a row each, in the order they were read (which is log order). */
export class RequestTable {
  readonly strings = new Interner();
  private rows = 0;
  seq = new Float64Array(0);
  at = new Float64Array(0);
  line = new Float64Array(0);
  file = new Int32Array(0);
  client = new Int32Array(0);
  httpMethod = new Int32Array(0);
  rpcMethod = new Int32Array(0);
  sessionId = new Int32Array(0);
  instance = new Int32Array(0);
  batch = new Int32Array(0);
  /** -1 unknown, 0 no, 1 yes. */
  isInitialize = new Int8Array(0);
  inferred = new Int8Array(0);
  /** NO_RESPONSE until the request is answered. */
  responseSeq = new Float64Array(0);
  responseAt = new Float64Array(0);
  responseLine = new Float64Array(0);
  responseFile = new Int32Array(0);
  responseSessionId = new Int32Array(0);
  responseInstance = new Int32Array(0);
  /** NaN when the response line had no status. */
  status = new Float64Array(0);

  add(
    seq: number,
    at: number,
    ref: LineRef,
    clientKey: string,
    httpMethod: string | null,
    rpcMethod: string | null,
    sessionId: string | null | undefined,
    isInitialize: boolean | null,
    batch: number,
    instance: string | null,
  ): LoggedRequest {
    const row = this.rows++;
    if (row === this.seq.length) this.grow();
    const strings = this.strings;
    this.seq[row] = seq;
    this.at[row] = at;
    this.line[row] = ref.line;
    this.file[row] = strings.code(ref.file);
    this.client[row] = strings.code(clientKey);
    this.httpMethod[row] = strings.code(httpMethod);
    this.rpcMethod[row] = strings.code(rpcMethod);
    this.sessionId[row] = strings.code(sessionId);
    this.instance[row] = strings.code(instance);
    this.batch[row] = batch;
    this.isInitialize[row] = isInitialize === null ? -1 : isInitialize ? 1 : 0;
    this.responseSeq[row] = NO_RESPONSE;
    return new LoggedRequest(this, row);
  }

  /** Grows every column by half (and at least 1024 rows): the copies cost less than the slack of doubling. */
  private grow() {
    const capacity = Math.max(1024, Math.ceil(this.seq.length * 1.5));
    this.seq = grown(this.seq, capacity);
    this.at = grown(this.at, capacity);
    this.line = grown(this.line, capacity);
    this.file = grown(this.file, capacity);
    this.client = grown(this.client, capacity);
    this.httpMethod = grown(this.httpMethod, capacity);
    this.rpcMethod = grown(this.rpcMethod, capacity);
    this.sessionId = grown(this.sessionId, capacity);
    this.instance = grown(this.instance, capacity);
    this.batch = grown(this.batch, capacity);
    this.isInitialize = grown(this.isInitialize, capacity);
    this.inferred = grown(this.inferred, capacity);
    this.responseSeq = grown(this.responseSeq, capacity);
    this.responseAt = grown(this.responseAt, capacity);
    this.responseLine = grown(this.responseLine, capacity);
    this.responseFile = grown(this.responseFile, capacity);
    this.responseSessionId = grown(this.responseSessionId, capacity);
    this.responseInstance = grown(this.responseInstance, capacity);
    this.status = grown(this.status, capacity);
  }
}

/** A request of the timeline: its row of a RequestTable, read through getters. */
export class LoggedRequest implements RequestRecord {
  constructor(
    private readonly table: RequestTable,
    private readonly row: number,
  ) {}

  get seq(): number {
    return this.table.seq[this.row]!;
  }

  get at(): number {
    return this.table.at[this.row]!;
  }

  get ref(): LineRef {
    return { file: this.table.strings.string(this.table.file[this.row]!)!, line: this.table.line[this.row]! };
  }

  get clientKey(): string {
    return this.table.strings.string(this.table.client[this.row]!)!;
  }

  get httpMethod(): string | null {
    return this.table.strings.string(this.table.httpMethod[this.row]!) as string | null;
  }

  get rpcMethod(): string | null {
    return this.table.strings.string(this.table.rpcMethod[this.row]!) as string | null;
  }

  get sessionId(): string | null | undefined {
    return this.table.strings.string(this.table.sessionId[this.row]!);
  }

  get isInitialize(): boolean | null {
    const value = this.table.isInitialize[this.row]!;
    return value < 0 ? null : value === 1;
  }

  get initializeInferred(): boolean {
    return this.table.inferred[this.row] === 1;
  }

  get batch(): number {
    return this.table.batch[this.row]!;
  }

  get instance(): string | null {
    return this.table.strings.string(this.table.instance[this.row]!) as string | null;
  }

  get response(): ResponseRecord | null {
    return this.table.responseSeq[this.row]! === NO_RESPONSE ? null : new LoggedResponse(this.table, this.row);
  }

  /** The log position of the response line, or -1 while unanswered: what the walk orders by, without making the response. */
  get responseSeq(): number {
    return this.table.responseSeq[this.row]!;
  }

  /** The fold pairs the response line with its request. */
  answer(seq: number, at: number, ref: LineRef, sessionId: string | null | undefined, status: number | null, instance: string | null) {
    const { table, row } = this;
    table.responseSeq[row] = seq;
    table.responseAt[row] = at;
    table.responseLine[row] = ref.line;
    table.responseFile[row] = table.strings.code(ref.file);
    table.responseSessionId[row] = table.strings.code(sessionId);
    table.responseInstance[row] = table.strings.code(instance);
    table.status[row] = status ?? NO_NUMBER;
  }

  /** A session-less request answered with a new id was an initialize (see the fold). */
  inferInitialize() {
    this.table.isInitialize[this.row] = 1;
    this.table.inferred[this.row] = 1;
  }
}

/** A request's response, made from its row when asked. */
class LoggedResponse implements ResponseRecord {
  constructor(
    private readonly table: RequestTable,
    private readonly row: number,
  ) {}

  get seq(): number {
    return this.table.responseSeq[this.row]!;
  }

  get at(): number {
    return this.table.responseAt[this.row]!;
  }

  get ref(): LineRef {
    return { file: this.table.strings.string(this.table.responseFile[this.row]!)!, line: this.table.responseLine[this.row]! };
  }

  get sessionId(): string | null | undefined {
    return this.table.strings.string(this.table.responseSessionId[this.row]!);
  }

  get status(): number | null {
    const status = this.table.status[this.row]!;
    return Number.isNaN(status) ? null : status;
  }

  get instance(): string | null {
    return this.table.strings.string(this.table.responseInstance[this.row]!) as string | null;
  }
}

export class LoggedStreamClosure implements StreamClosure {
  constructor(
    readonly seq: number,
    readonly at: number,
    private readonly file: string,
    private readonly line: number,
    readonly sessionId: string | null,
    readonly elapsedMs: number | null,
  ) {}

  get ref(): LineRef {
    return { file: this.file, line: this.line };
  }
}
