import type { LineRef } from "../events.js";
import { PACKED } from "../input/event-codec.js";
import { BlockStore, defineHidden, Residence } from "./block-store.js";
import { CodeColumn } from "./code-column.js";
import { OffsetColumn, put, RepeatedColumn, RepeatedOffsetColumn, SeqColumn, TimeColumn } from "./exact-columns.js";
import { Interner } from "./interner.js";
import type { RequestRecord, ResponseRecord } from "./model.js";
import { ANSWERED, FAR, INFERRED, INITIALIZE, KNOWN_KIND, NO_STATUS, putShape, RequestShapes, type ShapeColumn, timingOf } from "./request-shapes.js";
import { ResponseSessionColumn } from "./response-session-column.js";

/*
 * The records a timeline keeps by the million. A request and its response are a row of typed
 * columns (a RequestBlock of the RequestTable); the record the model hands out is a small object
 * pointing at its row, whose getters read the columns, made when asked (see request-list.ts).
 * Object fields kept four objects per request (the request, its response, and a boxed double for
 * each one's time), every one of them copied twice by the young generation's collector and marked
 * by the old one's; a row is numbers the collector never reads. References ({ file, line }) and
 * responses are made when asked: only evidence and the report ask. Sessions keep a line's file and
 * number for the same reason. With these, the 100 MiB bench log's timeline held 97 MB (columns
 * counted) instead of 120 MB, and the main thread's young-generation collections copied a fifth
 * less (`node --trace-gc-nvp`: 110 against 136 MB promoted). The server's lines became rows too
 * since (line-table.ts): 81 MB; and with narrow columns (exact-columns.ts: a request's row 98 →
 * some 45 bytes), sessions as rows (logged-session.ts) and clients' batches made when asked
 * (logged-client.ts): 54 MB; with requests and stream closures held as row numbers rather than
 * an object each, 40.5 MB. Columns that mostly repeat one value over a block (a line's file and
 * instance, its line number's distance from its log position: exact-columns.ts) took a request's
 * row from some 45 to 33 bytes, the 1 GiB bench log's timeline from 164 to 134 MB of columns.
 * Log positions as two-byte distances within a block (exact-columns.ts: SeqColumn), the
 * response's session id in two bytes (response-session-column.ts) and times as two-byte distances
 * within stretches of 256 rows (TimeColumn): 29 to 23 bytes, its 2,012,090 requests 58.6 to 46.6 MB.
 * A byte each for the response's log position, time and status while they fit (OffsetColumn made
 * narrow) and for its session id (a base per 128 rows), three for the request's (CodeColumn):
 * 23 to 18 bytes, 46.6 to 36.4 MB. The methods, flags and status as one byte, the number of their
 * combination (request-shapes.ts): 18 to 15 bytes, the 1 GiB bench log's typed arrays 69.6 to
 * 63.9 MiB (node /tmp/s25/colsize.mjs); with the response's distances from its request in that
 * byte while near, 13 bytes, 60.3 MiB.
 */

const NO_RESPONSE = -1;
/** A response's numbers as answerPacked reads them, for answer: one per table's module, used and done within a call. */
const ANSWER_NUMS = new Float64Array(PACKED.NUMS);
/**
 * Rows per block: columns come in blocks rather than one array grown by copies, so that nothing is
 * copied and at most one block is partly empty (growing by half left a third of the room unused
 * and the old arrays to collect).
 */
const BLOCK_BITS = 14;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;

/** Every request of a timeline, a row each, in the order they were read (which is log order): request i of the timeline is row i. */
export class RequestTable {
  readonly strings = new Interner();
  private readonly shapes = new RequestShapes(this.strings);
  private readonly blocks: RequestBlock[] = [];
  /** Which blocks are in memory (block-store.ts): every read and write of a block goes through `use`, by `blockOf` or a record's `block`. */
  declare private readonly store: BlockStore<RequestBlock>;
  /** The last block, which rows are added to, and how many rows it holds. */
  private block: RequestBlock | null = null;
  private used = BLOCK_ROWS;
  /** How many rows. */
  length = 0;

  /**
   * Blocks in memory at most by default: 16 of some 250 KB each (123 at 1 GiB). The walk reads and
   * writes rows at most 196,608 events (12 blocks of requests at most) behind the reading, the
   * matcher answers rows near the reading, and the passes after the fold go mostly in row order.
   */
  static residentBlocks = 16;

  constructor(residentBlocks = RequestTable.residentBlocks) {
    defineHidden<RequestTable>(this, "store" as keyof RequestTable, new BlockStore<RequestBlock>(residentBlocks, COLUMNS));
  }

  /** How many blocks are out of memory. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** Strings come as their numbers in `strings` (see BatchLookups); `line` is the request line's number. The request's row. */
  add(
    seq: number,
    at: number,
    line: number,
    fileCode: number,
    clientCode: number,
    httpMethodCode: number,
    rpcMethodCode: number,
    sessionCode: number,
    isInitialize: boolean | null,
    batch: number,
    instanceCode: number,
  ): number {
    if (this.used === BLOCK_ROWS) {
      this.blocks.push((this.block = new RequestBlock(this.strings, this.shapes, this.store)));
      this.store.added(this.block);
      this.used = 0;
    }
    const block = this.block!;
    const row = this.used++;
    block.seq.set(row, seq);
    block.at.set(row, at);
    block.line.set(row, seq, line);
    block.file.set(row, fileCode);
    block.client = put(block.client, row, clientCode);
    block.sessionId.set(row, sessionCode);
    block.instance.set(row, instanceCode);
    block.batch = put(block.batch, row, batch);
    block.shape = putShape(block.shape, row, this.shapes.shapeOf(httpMethodCode, rpcMethodCode, isInitialize === null ? 0 : isInitialize ? KNOWN_KIND | INITIALIZE : KNOWN_KIND, 0));
    return this.length++;
  }

  /** The request of row `row`, a new record at each call: records live as long as their reader needs them, not as long as the timeline. */
  record(row: number): LoggedRequest {
    return new LoggedRequest(this.blocks[row >>> BLOCK_BITS]!, row & BLOCK_MASK, row);
  }

  /** The row's block, resident. */
  private blockOf(row: number): RequestBlock {
    return resident(this.blocks[row >>> BLOCK_BITS]!);
  }

  /** A record to move over rows (RequestCursor.moveTo), for passes that read every row and keep none; read only once moved. */
  cursor(): RequestCursor {
    return new RequestCursor(this.blocks[0]!, 0, 0, this.blocks);
  }

  /** As cursor, for the responses of answered rows. */
  responseCursor(): ResponseCursor {
    return new ResponseCursor(this.blocks[0]!, 0, this.blocks);
  }

  /*
   * Columns read by row without a record, for the fold's walk and matching and the passes over
   * every request.
   */

  seqOf(row: number): number {
    return this.blockOf(row).seq.get(row & BLOCK_MASK);
  }

  atOf(row: number): number {
    return this.blockOf(row).at.get(row & BLOCK_MASK);
  }

  /** The log position of the row's response line, or -1 while unanswered. */
  responseSeqOf(row: number): number {
    const block = this.blockOf(row);
    const slot = row & BLOCK_MASK;
    return (this.shapes.flags[block.shape[slot]!]! & ANSWERED) !== 0 ? block.responseSeqOf(slot) : NO_RESPONSE;
  }

  sessionCodeOf(row: number): number {
    return this.blockOf(row).sessionId.get(row & BLOCK_MASK);
  }

  batchOf(row: number): number {
    return this.blockOf(row).batch[row & BLOCK_MASK]!;
  }

  clientCodeOf(row: number): number {
    return this.blockOf(row).client[row & BLOCK_MASK]!;
  }

  isGetOf(row: number): boolean {
    return this.shapes.isGet[this.blockOf(row).shape[row & BLOCK_MASK]!] === 1;
  }

  hasResponseOf(row: number): boolean {
    return (this.shapes.flags[this.blockOf(row).shape[row & BLOCK_MASK]!]! & ANSWERED) !== 0;
  }

  /** As LoggedRequest.isInitialize === true. */
  isInitializeOf(row: number): boolean {
    return (this.shapes.flags[this.blockOf(row).shape[row & BLOCK_MASK]!]! & INITIALIZE) !== 0;
  }

  isClaimedOf(row: number): boolean {
    return this.blockOf(row).isClaimed(row & BLOCK_MASK);
  }
}

/** `block`, made resident and the store's block used last: before any read or write of its rows, whoever reads them (the table, a record, a cursor). */
function resident(block: RequestBlock): RequestBlock {
  if (block.store.current !== block) block.store.use(block);
  return block;
}

/** A RequestBlock's fields that hold its rows, which may leave memory (block-store.ts); any other field stays. */
const COLUMNS = ["seq", "at", "line", "file", "client", "sessionId", "instance", "batch", "shape", "claimed", "responseSeq", "responseAt", "responseLine", "responseFile", "responseSessionId", "responseInstance"] as const;

/** BLOCK_ROWS rows of request columns; strings are numbers of the table's Interner. Narrow columns widen (see exact-columns.ts). */
class RequestBlock {
  /** Hidden, as the store (see defineHidden). */
  declare readonly residence: Residence;
  declare readonly store: BlockStore<RequestBlock>;
  readonly seq = new SeqColumn(BLOCK_ROWS);
  readonly at = new TimeColumn(BLOCK_ROWS);
  /** From the request's log position: a line number is mostly its position plus a few lines not read as events. */
  readonly line = new RepeatedOffsetColumn(BLOCK_ROWS);
  readonly file = new RepeatedColumn(BLOCK_ROWS);
  /** Clients' keys come among the first strings: under 28,100 at 1 GiB, of 375,000. */
  client: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  readonly sessionId = new CodeColumn(BLOCK_ROWS);
  readonly instance = new RepeatedColumn(BLOCK_ROWS);
  batch: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  /** The methods, the flags, the status and the response's distances while near, as a number of `shapes` (request-shapes.ts). */
  shape: ShapeColumn = new Uint8Array(BLOCK_ROWS);
  /**
   * A bit a row: whether a session's creation was tied to the row, its initialize (see
   * SessionTracker.claim). Not a flag of the shape: the walk claims, so a shape made for a claim
   * would be numbered by when the walk ran, which the reading's lag moves, not by the log.
   */
  readonly claimed = new Uint8Array(BLOCK_ROWS >>> 3);
  /**
   * The response's columns, read only when ANSWERED. Its log position and time are parts of the
   * shape while near the request's (request-shapes.ts), else kept as distances from the request's
   * in these, made at the first, a byte each while they fit; its line number as a distance from
   * responseLineBase.
   */
  responseSeq: OffsetColumn | null = null;
  responseAt: OffsetColumn | null = null;
  readonly responseLine = new RepeatedOffsetColumn(BLOCK_ROWS);
  readonly responseFile = new RepeatedColumn(BLOCK_ROWS);
  readonly responseSessionId = new ResponseSessionColumn(BLOCK_ROWS);
  readonly responseInstance = new RepeatedColumn(BLOCK_ROWS);

  constructor(
    readonly strings: Interner,
    readonly shapes: RequestShapes,
    store: BlockStore<RequestBlock>,
  ) {
    defineHidden<RequestBlock>(this, "store", store);
    defineHidden<RequestBlock>(this, "residence", new Residence());
  }

  isClaimed(row: number): boolean {
    return (this.claimed[row >>> 3]! & (1 << (row & 7))) !== 0;
  }

  /** The row's shape's flags. */
  flagsOf(row: number): number {
    return this.shapes.flags[this.shape[row]!]!;
  }

  responseSeqOf(row: number): number {
    const distance = this.shapes.responseSeq[this.shape[row]!]!;
    return distance !== FAR ? this.seq.get(row) + distance : this.responseSeq!.get(row, this.seq.get(row));
  }

  responseAtOf(row: number): number {
    const distance = this.shapes.responseAt[this.shape[row]!]!;
    return distance !== FAR ? this.at.get(row) + distance : this.responseAt!.get(row, this.at.get(row));
  }

  responseSessionIdOf(row: number): number {
    return this.responseSessionId.get(row, this.sessionId.get(row));
  }

  /**
   * The request's line number moved by the log positions from the request to its response
   * (`responseSeq`): a response's line is that, unless a line not read as an event came between
   * them, or one line held both, as pino-http logs an exchange (one less, on every row). As a
   * distance from its own log position, a pino response's line moved on every row (half its log
   * position), two bytes a row: 2.5 MiB at 1 GiB.
   */
  responseLineBase(row: number, responseSeq: number): number {
    const seq = this.seq.get(row);
    return this.line.get(row, seq) + (responseSeq - seq);
  }
}

/** A request of the timeline: its row of the RequestTable, read through getters. */
export class LoggedRequest implements RequestRecord {
  constructor(
    /** The row's block, resident or not: read through `block`. */
    protected home: RequestBlock,
    /** The row's position in its block. */
    protected slot: number,
    /** The row in the table: the request's position in the timeline's requests. */
    protected tableRow: number,
  ) {}

  get row(): number {
    return this.tableRow;
  }

  /** The row's block, resident (see block-store.ts): read again at each read, since another block's use may have dropped it. */
  protected get block(): RequestBlock {
    return resident(this.home);
  }

  /** A record of its own of this row, to keep: a RequestCursor moves on. */
  toRecord(): LoggedRequest {
    return new LoggedRequest(this.home, this.slot, this.tableRow);
  }

  get seq(): number {
    return this.block.seq.get(this.slot);
  }

  get at(): number {
    return this.block.at.get(this.slot);
  }

  get ref(): LineRef {
    return { file: this.block.strings.string(this.fileCode)!, line: this.line };
  }

  /** The reference's parts without making it: the line number, the file as its number in the table's strings. */
  get line(): number {
    return this.block.line.get(this.slot, this.block.seq.get(this.slot));
  }

  get fileCode(): number {
    return this.block.file.get(this.slot);
  }

  get clientKey(): string {
    return this.block.strings.string(this.block.client[this.slot]!)!;
  }

  /** The client key's number in the table's strings: a table indexed by it finds the client without a lookup by key. */
  get clientCode(): number {
    return this.block.client[this.slot]!;
  }

  get httpMethod(): string | null {
    return this.block.strings.string(this.block.shapes.httpMethod[this.block.shape[this.slot]!]!) as string | null;
  }

  /** As httpMethod === "DELETE", without making the string. */
  get isDelete(): boolean {
    return this.block.shapes.isDelete[this.block.shape[this.slot]!] === 1;
  }

  get rpcMethod(): string | null {
    return this.block.strings.string(this.block.shapes.rpcMethod[this.block.shape[this.slot]!]!) as string | null;
  }

  /** The methods' numbers in the table's strings (NULL_CODE for none): one string each, so compared as the strings. */
  get httpMethodCode(): number {
    return this.block.shapes.httpMethod[this.block.shape[this.slot]!]!;
  }

  get rpcMethodCode(): number {
    return this.block.shapes.rpcMethod[this.block.shape[this.slot]!]!;
  }

  get sessionId(): string | null | undefined {
    return this.block.strings.string(this.block.sessionId.get(this.slot));
  }

  /** The session id's number in the table's strings (negative when the request had none): compared without making the string. */
  get sessionCode(): number {
    return this.block.sessionId.get(this.slot);
  }

  get isInitialize(): boolean | null {
    const flags = this.block.flagsOf(this.slot);
    return (flags & KNOWN_KIND) === 0 ? null : (flags & INITIALIZE) !== 0;
  }

  get initializeInferred(): boolean {
    return (this.block.flagsOf(this.slot) & INFERRED) !== 0;
  }

  get batch(): number {
    return this.block.batch[this.slot]!;
  }

  get instance(): string | null {
    return this.block.strings.string(this.block.instance.get(this.slot)) as string | null;
  }

  /** The instance as its number in the table's strings, without making the string. */
  get instanceCode(): number {
    return this.block.instance.get(this.slot);
  }

  get response(): LoggedResponse | null {
    return this.hasResponse ? new LoggedResponse(this.home, this.slot) : null;
  }

  /** The log position of the response line, or -1 while unanswered: what the walk orders by, without making the response. */
  get responseSeq(): number {
    return this.hasResponse ? this.block.responseSeqOf(this.slot) : NO_RESPONSE;
  }

  /** Whether the request was answered, without making the response. */
  get hasResponse(): boolean {
    return (this.block.flagsOf(this.slot) & ANSWERED) !== 0;
  }

  /** The response's status, without making the response: null when unanswered or not logged. */
  get responseStatus(): number | null {
    return (this.block.flagsOf(this.slot) & (ANSWERED | NO_STATUS)) === ANSWERED ? this.block.shapes.status[this.block.shape[this.slot]!]! : null;
  }

  /** The response's session id header, without making the response (see ResponseRecord.sessionId); undefined when unanswered. */
  get responseSessionId(): string | null | undefined {
    return this.hasResponse ? this.block.strings.string(this.block.responseSessionIdOf(this.slot)) : undefined;
  }

  /** The response's session id header as a number of the table's strings (negative when it had none), without making the response; only when answered. */
  get responseSessionCode(): number {
    return this.block.responseSessionIdOf(this.slot);
  }

  /** Whether a session's creation was tied to this request, its initialize. */
  get claimed(): boolean {
    return this.block.isClaimed(this.slot);
  }

  noteClaimed() {
    const block = this.block;
    block.claimed[this.slot >>> 3]! |= 1 << (this.slot & 7);
    block.residence.dirty = true;
  }

  /** The response line that answers this request, as values (the fold passes its batch's numbers: answerPacked); strings come as their numbers in the table's strings. */
  answer(seq: number, at: number, line: number, fileCode: number, sessionCode: number, status: number | null, instanceCode: number) {
    ANSWER_NUMS[PACKED.at] = at;
    ANSWER_NUMS[PACKED.line] = line;
    ANSWER_NUMS[PACKED.number] = status === null ? Number.NaN : status;
    this.answerPacked(seq, ANSWER_NUMS, 0, fileCode, sessionCode, instanceCode);
  }

  /**
   * As answer, the response's time, line number and status (NaN for none) read from `nums` at `n`
   * (see PACKED), where the fold has them: `answer` is too large to inline into the fold, and each
   * double passed to it was a new heap number (the time always, past the small integers).
   */
  answerPacked(seq: number, nums: Float64Array, n: number, fileCode: number, sessionCode: number, instanceCode: number) {
    const { block, slot: row } = this;
    block.residence.dirty = true;
    const at = nums[n + PACKED.at]!;
    const line = nums[n + PACKED.line]!;
    const status = nums[n + PACKED.number]!;
    const requestSeq = block.seq.get(row);
    const requestAt = block.at.get(row);
    const shapes = block.shapes;
    // NaN was read back as null when the status was a double: it still is.
    const shape = shapes.answered(block.shape[row]!, Number.isNaN(status) ? null : status, timingOf(requestSeq, seq), timingOf(requestAt, at));
    block.shape = putShape(block.shape, row, shape);
    if (shapes.responseSeq[shape] === FAR) (block.responseSeq ??= new OffsetColumn(BLOCK_ROWS, 0, true)).set(row, requestSeq, seq);
    if (shapes.responseAt[shape] === FAR) (block.responseAt ??= new OffsetColumn(BLOCK_ROWS, 0, true)).set(row, requestAt, at);
    // As responseLineBase(row, seq), the request's log position at hand.
    block.responseLine.set(row, block.line.get(row, requestSeq) + (seq - requestSeq), line);
    block.responseFile.set(row, fileCode);
    block.responseSessionId.set(row, block.sessionId.get(row), sessionCode);
    block.responseInstance.set(row, instanceCode);
  }

  /** A session-less request answered with a new id was an initialize (see the fold). */
  inferInitialize() {
    const { block, slot } = this;
    block.residence.dirty = true;
    block.shape = putShape(block.shape, slot, block.shapes.withFlags(block.shape[slot]!, KNOWN_KIND | INITIALIZE | INFERRED));
  }

  /** The number of the row's shape in the table's (request-shapes.ts): rows of one shape have the same methods, kind, answer and status. */
  get shape(): number {
    return this.block.shape[this.slot]!;
  }
}

/** A LoggedRequest moved from row to row: for a pass over many rows that keeps none of them (keep `table.record(row)` instead). */
export class RequestCursor extends LoggedRequest {
  constructor(
    block: RequestBlock,
    slot: number,
    row: number,
    private readonly blocks: readonly RequestBlock[],
  ) {
    super(block, slot, row);
  }

  moveTo(row: number): this {
    this.home = this.blocks[row >>> BLOCK_BITS]!;
    this.slot = row & BLOCK_MASK;
    this.tableRow = row;
    return this;
  }
}

/** A request's response, made from its row when asked. */
export class LoggedResponse implements ResponseRecord {
  constructor(
    /** As LoggedRequest's. */
    protected home: RequestBlock,
    /** The row's position in its block. */
    protected row: number,
  ) {}

  /** As LoggedRequest's. */
  protected get block(): RequestBlock {
    return resident(this.home);
  }

  get seq(): number {
    return this.block.responseSeqOf(this.row);
  }

  get at(): number {
    return this.block.responseAtOf(this.row);
  }

  get ref(): LineRef {
    return { file: this.block.strings.string(this.fileCode)!, line: this.line };
  }

  /** As LoggedRequest's. */
  get line(): number {
    return this.block.responseLine.get(this.row, this.block.responseLineBase(this.row, this.block.responseSeqOf(this.row)));
  }

  get fileCode(): number {
    return this.block.responseFile.get(this.row);
  }

  get sessionId(): string | null | undefined {
    return this.block.strings.string(this.block.responseSessionIdOf(this.row));
  }

  get status(): number | null {
    return (this.block.flagsOf(this.row) & NO_STATUS) === 0 ? this.block.shapes.status[this.block.shape[this.row]!]! : null;
  }

  get instance(): string | null {
    return this.block.strings.string(this.block.responseInstance.get(this.row)) as string | null;
  }

  /** As LoggedRequest's. */
  get instanceCode(): number {
    return this.block.responseInstance.get(this.row);
  }
}

/**
 * A LoggedResponse moved from row to row, as RequestCursor: the session walk reads the response of
 * each answered initialize, DELETE and 404 and keeps none (a response made for each was 1.6-1.8 MB
 * of the fold's 71 MB allocated on the 100 MiB events log, node /tmp/s19/alloc-fold.mjs).
 */
export class ResponseCursor extends LoggedResponse {
  constructor(
    block: RequestBlock,
    row: number,
    private readonly blocks: readonly RequestBlock[],
  ) {
    super(block, row);
  }

  /** Only to an answered row. */
  moveTo(row: number): this {
    this.home = this.blocks[row >>> BLOCK_BITS]!;
    this.row = row & BLOCK_MASK;
    return this;
  }
}
