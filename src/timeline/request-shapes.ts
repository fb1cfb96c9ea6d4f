import { withRoomFor } from "../grown-column.js";
import type { Interner } from "./interner.js";

/*
 * What a request's row says of its kind: its HTTP and JSON-RPC methods, its flags and its
 * response's status. Few combinations of them come: 8 in the 100 MiB events bench log's 199,739
 * requests, 4 in the pino one's (POST tools/call answered 200, an initialize answered 200 with a
 * new session, …). So a table numbers each combination once, and a request's row keeps that number,
 * its shape, in a byte while below 256 (ShapeColumn): where the two methods, the flags and the
 * status took a byte each, 3 bytes of the 1 GiB bench log's 2,012,090 requests' 18.
 *
 * The response's distances from its request, in log positions and in milliseconds, are parts of
 * the shape too while small (below TIMING_LIMIT): the 1 GiB bench logs' are 1-2 lines and 0-6 ms,
 * 38 shapes in all for the events log, 22 for the pino one. A distance past that is FAR in the
 * shape and kept in a column of the block (records.ts). Busier servers answer later and spread
 * their distances wider, and each distance would multiply the shapes past a byte: so shapes are
 * made with distances only while the table holds fewer than CROWDED, after which a new
 * combination comes with FAR distances, its rows' kept in the columns as before.
 */

/** Bits of a shape's flags. */
export const KNOWN_KIND = 1;
export const INITIALIZE = 2;
export const INFERRED = 4;
export const ANSWERED = 8;
export const NO_STATUS = 16;

/** A distance not in the shape (RequestShapes.responseSeq, responseAt). */
export const FAR = -1;
/** Distances from 0 below this are parts of a shape. */
const TIMING_LIMIT = 16;
/** Past this many shapes, new ones are made without distances: half a byte's, the other half left to the combinations that come later. */
const CROWDED = 128;
const FIRST_SHAPES = 64;

/** Each shape's parts, by its number: read by a row's getters, as the columns they replace were. */
export class RequestShapes {
  httpMethod = new Int32Array(FIRST_SHAPES);
  rpcMethod = new Int32Array(FIRST_SHAPES);
  flags = new Uint8Array(FIRST_SHAPES);
  /** Unless NO_STATUS (then as it was, 0 but for a row answered twice); any number, as logged, -0 apart from 0. */
  status = new Float64Array(FIRST_SHAPES);
  /** The response's log position and time less the request's, or FAR; 0 until answered. */
  responseSeq = new Int8Array(FIRST_SHAPES);
  responseAt = new Int8Array(FIRST_SHAPES);
  /** Whether the HTTP method is GET: the matcher asks it of every waiting request it passes. */
  isGet = new Uint8Array(FIRST_SHAPES);
  /** Whether it is DELETE: the session walk asks it of every request and answer it reaches. */
  isDelete = new Uint8Array(FIRST_SHAPES);
  length = 0;
  /** Open addressing: a shape's number plus one (0 for empty), at its parts' hash. */
  private slots = new Int32Array(2 * FIRST_SHAPES);
  /**
   * The answers `answered` gave, by a hash of what it was asked (a shape, a status, NaN for none, and
   * two distances): the shape answered, -1 for none. Emptied whenever a shape is added, so that an
   * answer kept is the one a lookup would give again. A response's lookup hashed and compared six
   * parts read from the request's shape; a remembered answer compares four it was given.
   */
  private readonly answeredFrom = new Int32Array(ANSWERED_MEMO).fill(-1);
  private readonly answeredStatus = new Float64Array(ANSWERED_MEMO);
  private readonly answeredSeq = new Int8Array(ANSWERED_MEMO);
  private readonly answeredAt = new Int8Array(ANSWERED_MEMO);
  private readonly answeredTo = new Int32Array(ANSWERED_MEMO);

  /** `strings` numbers the methods. */
  constructor(private readonly strings: Interner) {}

  /** The number of the shape of these parts, made if new. */
  shapeOf(httpMethod: number, rpcMethod: number, flags: number, status: number, responseSeq = 0, responseAt = 0): number {
    const found = this.find(httpMethod, rpcMethod, flags, status, responseSeq, responseAt);
    return found >= 0 ? found : this.add(httpMethod, rpcMethod, flags, status, responseSeq, responseAt, -1 - found);
  }

  /** `shape` with `flags` set besides its own. */
  withFlags(shape: number, flags: number): number {
    return this.shapeOf(this.httpMethod[shape]!, this.rpcMethod[shape]!, this.flags[shape]! | flags, this.status[shape]!, this.responseSeq[shape]!, this.responseAt[shape]!);
  }

  /**
   * `shape` answered with `status` (null when not logged: its status is then left as it was), its
   * response `responseSeq` log positions and `responseAt` ms after the request (see timingOf).
   * The shape's distances may be FAR where these were not: the caller keeps those.
   */
  answered(shape: number, status: number | null, responseSeq: number, responseAt: number): number {
    // Only a status that equality tells apart from every other number (not null, no zero; never NaN,
    // read back as null) is remembered: compared without Object.is (see exact-columns.ts).
    if (status === null || status === 0) return this.lookUpAnswered(shape, status, responseSeq, responseAt);
    const m = memoSlotOf(shape, status, responseSeq, responseAt);
    if (this.answeredFrom[m] === shape && this.answeredSeq[m] === responseSeq && this.answeredAt[m] === responseAt && this.answeredStatus[m] === status) return this.answeredTo[m]!;
    const answer = this.lookUpAnswered(shape, status, responseSeq, responseAt);
    this.answeredFrom[m] = shape;
    this.answeredStatus[m] = status;
    this.answeredSeq[m] = responseSeq;
    this.answeredAt[m] = responseAt;
    this.answeredTo[m] = answer;
    return answer;
  }

  private lookUpAnswered(shape: number, status: number | null, responseSeq: number, responseAt: number): number {
    let flags = this.flags[shape]! | ANSWERED;
    if (status === null) {
      flags |= NO_STATUS;
      status = this.status[shape]!;
    }
    const httpMethod = this.httpMethod[shape]!;
    const rpcMethod = this.rpcMethod[shape]!;
    const found = this.find(httpMethod, rpcMethod, flags, status, responseSeq, responseAt);
    if (found >= 0) return found;
    if (this.length >= CROWDED) return this.shapeOf(httpMethod, rpcMethod, flags, status, FAR, FAR);
    return this.add(httpMethod, rpcMethod, flags, status, responseSeq, responseAt, -1 - found);
  }

  /** The shape of these parts, or -1 - the empty slot it would take. */
  private find(httpMethod: number, rpcMethod: number, flags: number, status: number, responseSeq: number, responseAt: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = hashOf(httpMethod, rpcMethod, flags, status, responseSeq, responseAt) & mask; ; i = (i + 1) & mask) {
      const entry = slots[i]!;
      if (entry === 0) return -1 - i;
      const shape = entry - 1;
      if (
        this.httpMethod[shape] === httpMethod &&
        this.rpcMethod[shape] === rpcMethod &&
        this.flags[shape] === flags &&
        ((this.status[shape] === status && status !== 0) || this.isStatusOf(shape, status)) &&
        this.responseSeq[shape] === responseSeq &&
        this.responseAt[shape] === responseAt
      )
        return shape;
    }
  }

  /** Object.is of the shape's status and `status`, asked apart (see exact-columns.ts). */
  private isStatusOf(shape: number, status: number): boolean {
    return Object.is(this.status[shape], status);
  }

  private add(httpMethod: number, rpcMethod: number, flags: number, status: number, responseSeq: number, responseAt: number, slot: number): number {
    const shape = this.length++;
    if (shape === this.httpMethod.length) {
      this.httpMethod = withRoomFor(this.httpMethod, shape);
      this.rpcMethod = withRoomFor(this.rpcMethod, shape);
      this.flags = withRoomFor(this.flags, shape);
      this.status = withRoomFor(this.status, shape);
      this.responseSeq = withRoomFor(this.responseSeq, shape);
      this.responseAt = withRoomFor(this.responseAt, shape);
      this.isGet = withRoomFor(this.isGet, shape);
      this.isDelete = withRoomFor(this.isDelete, shape);
    }
    this.httpMethod[shape] = httpMethod;
    this.rpcMethod[shape] = rpcMethod;
    this.flags[shape] = flags;
    this.status[shape] = status;
    this.responseSeq[shape] = responseSeq;
    this.responseAt[shape] = responseAt;
    this.isGet[shape] = this.strings.string(httpMethod) === "GET" ? 1 : 0;
    this.isDelete[shape] = this.strings.string(httpMethod) === "DELETE" ? 1 : 0;
    this.slots[slot] = shape + 1;
    this.answeredFrom.fill(-1);
    // At most half full, so that a new shape's probe ends at an empty slot soon.
    if (2 * this.length > this.slots.length) this.rehash();
    return shape;
  }

  private rehash() {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let shape = 0; shape < this.length; shape++) {
      let i = hashOf(this.httpMethod[shape]!, this.rpcMethod[shape]!, this.flags[shape]!, this.status[shape]!, this.responseSeq[shape]!, this.responseAt[shape]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = shape + 1;
    }
    this.slots = slots;
  }
}

/** How many answers `answered` remembers: a few times the shapes of the bench logs (38 and 22 at 1 GiB). */
const ANSWERED_MEMO = 256;

/** Where `answered` remembers its answer to these: a status hashes as its integer part (NaN as 0), compared exactly anyway. */
function memoSlotOf(shape: number, status: number, responseSeq: number, responseAt: number): number {
  return Math.imul(shape ^ Math.imul(status | 0, 0x27d4eb2f) ^ (((responseSeq & 0xff) << 8) | (responseAt & 0xff)) << 12, 0x9e3779b1) >>> 24;
}

/** A status that is not an integer hashes as its integer part: it is compared exactly anyway. */
function hashOf(httpMethod: number, rpcMethod: number, flags: number, status: number, responseSeq: number, responseAt: number): number {
  let h = Math.imul(httpMethod, 0x9e3779b1) ^ Math.imul(rpcMethod + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(flags + 0x165667b1, 0xc2b2ae3d) ^ Math.imul(status | 0, 0x27d4eb2f);
  h ^= Math.imul(((responseSeq & 0xff) << 8) | (responseAt & 0xff), 0x61c88647);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** `value` less `base` as a shape's distance: FAR unless a whole number from 0 below TIMING_LIMIT that gives `value` back. */
export function timingOf(base: number, value: number): number {
  const distance = value - base;
  const read = base + distance;
  return distance >= 0 && distance < TIMING_LIMIT && (distance | 0) === distance && ((read === value && read !== 0) || givesBack(base, distance, value)) ? distance : FAR;
}

/** Object.is of `base` plus `distance` and `value`, asked apart (see exact-columns.ts). */
function givesBack(base: number, distance: number, value: number): boolean {
  return Object.is(base + distance, value);
}

/**
 * Shapes' numbers of a block's rows: a byte a row while below 256, then two, then four (a log of
 * that many methods and statuses).
 */
export type ShapeColumn = Uint8Array | Uint16Array | Int32Array;

/**
 * Writes `shape` at `row` and returns the column that holds it: `column`, or a wider copy. The
 * same as exact-columns.ts `put` but for its unsigned start, and kept apart on purpose: `put`
 * taught the shape column's Uint8Arrays (and two Uint16 columns of the re-initializes, since gone,
 * which widened alike) made its stores polymorphic for every column it writes, the fold's hottest among
 * them: the 1 GiB events log's user CPU 7.86-8.00 → 8.35-8.63 s (3 alternating pairs).
 */
export function putShape(column: ShapeColumn, row: number, shape: number): ShapeColumn {
  column[row] = shape;
  if (column[row] === shape) return column;
  const wide = shape <= 0xffff ? new Uint16Array(column.length) : new Int32Array(column.length);
  wide.set(column);
  wide[row] = shape;
  return wide;
}
