import { withRoomFor } from "../grown-column.js";
import type { LoggedSession } from "./logged-session.js";
import type { LoggedRequest, RequestCursor, RequestTable } from "./records.js";
import type { SessionOf } from "./walk-feed.js";

/** `flags` bits: LoggedRequest.isInitialize true, or false (neither: null, a kind not known yet). */
export const INITIALIZE = 1;
export const NOT_INITIALIZE = 2;
/** LoggedRequest.hasResponse. */
export const ANSWERED = 4;
/** LoggedRequest.isDelete. */
export const DELETE = 8;
/** No string's number (Interner): a session id's never is, nor NULL_CODE or ABSENT_CODE. */
const NO_CODE = -1_000_000;
/** Set in ReleasedRequests' shapes met. */
const KNOWN_SHAPE = 0x100;

/**
 * The requests the walk releases (WalkFeed, Tallies.replay), a chunk of them at a time, as columns
 * of plain numbers read once from their rows, each request's client position, `kept` and session
 * beside them: what the observers of requests read (WalkObserver.requests), each in a loop of its
 * own. Told one request at a time, every observer read its fields through the record's getters,
 * each checking its block's residence, at a call site that met ten classes: the dispatch
 * (Tallies.tell 175 ms self), the release (137) and the observers' own reads were some 850 ms of
 * the main thread at 1 GiB (node --cpu-prof). What few observers read of a few requests (a line
 * reference, the response's session id) is read from the row (`requestAt`).
 */
export class ReleasedRequests {
  /** Requests a chunk holds: the fold releases some 2,000 per batch of events read. */
  static capacity = 1024;
  /** How many requests the chunk holds now. */
  length = 0;
  readonly capacity: number;
  /** By request of the chunk, in log order: its row of the table. */
  readonly rows: Int32Array;
  readonly seq: Float64Array;
  readonly at: Float64Array;
  /** The client key's number in the table's strings, and the client's position (Tallies.positionOf). */
  readonly clientCode: Int32Array;
  readonly client: Int32Array;
  /** 1 when `--client`/`--session` keep it (WalkObserver.requests). */
  readonly kept: Uint8Array;
  /** The session id's number in the table's strings (negative for none), and the session (WalkObserver.requests). */
  readonly sessionCode: Int32Array;
  readonly sessions: (LoggedSession | null)[];
  /** Batch numbers count a client's batches, whose columns (build-timeline.ts) are 32 bits. */
  readonly batch: Int32Array;
  /** The methods' numbers in the table's strings (NULL_CODE for none). */
  readonly httpMethodCode: Int32Array;
  readonly rpcMethodCode: Int32Array;
  /** INITIALIZE, NOT_INITIALIZE, ANSWERED, DELETE. */
  readonly flags: Uint8Array;
  /** LoggedRequest.responseStatus, NaN for null: the table never holds NaN as a status (records.ts: answer). */
  readonly status: Float64Array;
  private readonly request: RequestCursor;
  /**
   * What a row's shape (request-shapes.ts) says, read from the first row of each shape met: its
   * flags plus KNOWN_SHAPE (0 for a shape not met yet), its methods and its status. A shape's parts
   * never change, and a log has a few dozen shapes: read by getter for each row, the methods, kind,
   * answer and status were half the reads of the release.
   */
  private shapeFlags = new Int16Array(64);
  private shapeHttp = new Int32Array(64);
  private shapeRpc = new Int32Array(64);
  private shapeStatus = new Float64Array(64);

  constructor(
    table: RequestTable,
    /** Finds a request's session by its id's number (WalkObserver.requests). */
    private readonly sessionOf: SessionOf,
    capacity = ReleasedRequests.capacity,
  ) {
    this.capacity = capacity;
    this.rows = new Int32Array(capacity);
    this.seq = new Float64Array(capacity);
    this.at = new Float64Array(capacity);
    this.clientCode = new Int32Array(capacity);
    this.client = new Int32Array(capacity);
    this.kept = new Uint8Array(capacity);
    this.sessionCode = new Int32Array(capacity);
    this.sessions = new Array<LoggedSession | null>(capacity).fill(null);
    this.batch = new Int32Array(capacity);
    this.httpMethodCode = new Int32Array(capacity);
    this.rpcMethodCode = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.status = new Float64Array(capacity);
    this.request = table.cursor();
  }

  /** Reads row `row` into the chunk, which must have room; its client position is the caller's to set (`place`), its session is found when told (`findSessions`). The request's index in the chunk. */
  read(row: number, kept: boolean): number {
    const i = this.length++;
    const r = this.request.moveTo(row);
    this.rows[i] = row;
    this.kept[i] = kept ? 1 : 0;
    this.seq[i] = r.seq;
    this.at[i] = r.at;
    this.clientCode[i] = r.clientCode;
    this.sessionCode[i] = r.sessionCode;
    this.batch[i] = r.batch;
    const shape = r.shape;
    if (shape >= this.shapeFlags.length || this.shapeFlags[shape] === 0) this.learnShape(shape, r);
    this.flags[i] = this.shapeFlags[shape]! & ~KNOWN_SHAPE;
    this.httpMethodCode[i] = this.shapeHttp[shape]!;
    this.rpcMethodCode[i] = this.shapeRpc[shape]!;
    this.status[i] = this.shapeStatus[shape]!;
    return i;
  }

  /** What rows of `shape` say, read from `r`, one of them. */
  private learnShape(shape: number, r: LoggedRequest) {
    if (shape >= this.shapeFlags.length) {
      this.shapeFlags = withRoomFor(this.shapeFlags, shape);
      this.shapeHttp = withRoomFor(this.shapeHttp, shape);
      this.shapeRpc = withRoomFor(this.shapeRpc, shape);
      this.shapeStatus = withRoomFor(this.shapeStatus, shape);
    }
    const isInitialize = r.isInitialize;
    this.shapeHttp[shape] = r.httpMethodCode;
    this.shapeRpc[shape] = r.rpcMethodCode;
    this.shapeStatus[shape] = r.responseStatus ?? Number.NaN;
    const kind = isInitialize === true ? INITIALIZE : isInitialize === false ? NOT_INITIALIZE : 0;
    this.shapeFlags[shape] = KNOWN_SHAPE | kind | (r.hasResponse ? ANSWERED : 0) | (r.isDelete ? DELETE : 0);
  }

  /** Drops the request read last, which the caller found it may not release yet. */
  unread() {
    this.length--;
  }

  /** The client position of the chunk's request `i`. */
  place(i: number, client: number) {
    this.client[i] = client;
  }

  /**
   * The chunk's requests' sessions, as the walk knows them when the chunk is told. Found in a loop
   * of their own, whose lookups the processor overlaps: found as each row was read, the session
   * table's lookup by id (SessionTracker.sessionAt, missing the caches) was some 67 ms of the
   * release at 1 GiB (node --cpu-prof, its line's ticks). A run of one session's requests finds
   * it once: nothing the walk knows changes while a chunk is told.
   */
  findSessions() {
    const { length, sessionCode, sessions, sessionOf } = this;
    let lastCode = NO_CODE;
    let last: LoggedSession | null = null;
    for (let i = 0; i < length; i++) {
      const code = sessionCode[i]!;
      if (code !== lastCode) {
        lastCode = code;
        last = code >= 0 ? sessionOf(code) : null;
      }
      sessions[i] = last;
    }
  }

  get isFull(): boolean {
    return this.length === this.capacity;
  }

  /** The chunk's request `i` as its record, a cursor: read it at once, the next call moves it. */
  requestAt(i: number): LoggedRequest {
    return this.request.moveTo(this.rows[i]!);
  }

  /** Empties the chunk, letting go of its sessions. */
  clear() {
    this.sessions.fill(null, 0, this.length);
    this.length = 0;
  }
}
