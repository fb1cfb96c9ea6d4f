import { withRoomFor } from "./grown-column.js";
import type { Interner } from "./interner.js";

/*
 * What a request's row says of its kind: its HTTP and JSON-RPC methods, its flags and its
 * response's status. Few combinations of them come: 8 in the 100 MiB events bench log's 199,739
 * requests, 4 in the pino one's (POST tools/call answered 200, an initialize answered 200 with a
 * new session, …). So a table numbers each combination once, and a request's row keeps that number,
 * its shape, in a byte while below 256 (ShapeColumn): where the two methods, the flags and the
 * status took a byte each, 3 bytes of the 1 GiB bench log's 2,012,090 requests' 18.
 */

/** Bits of a shape's flags. */
export const KNOWN_KIND = 1;
export const INITIALIZE = 2;
export const INFERRED = 4;
export const ANSWERED = 8;
export const NO_STATUS = 16;

const FIRST_SHAPES = 64;

/** Each shape's parts, by its number: read by a row's getters, as the columns they replace were. */
export class RequestShapes {
  httpMethod = new Int32Array(FIRST_SHAPES);
  rpcMethod = new Int32Array(FIRST_SHAPES);
  flags = new Uint8Array(FIRST_SHAPES);
  /** Unless NO_STATUS (then 0); any number, as logged, -0 apart from 0. */
  status = new Float64Array(FIRST_SHAPES);
  /** Whether the HTTP method is GET: the matcher asks it of every waiting request it passes. */
  isGet = new Uint8Array(FIRST_SHAPES);
  length = 0;
  /** Open addressing: a shape's number plus one (0 for empty), at its parts' hash. */
  private slots = new Int32Array(2 * FIRST_SHAPES);

  /** `strings` numbers the methods. */
  constructor(private readonly strings: Interner) {}

  /** The number of the shape of these parts, made if new. */
  shapeOf(httpMethod: number, rpcMethod: number, flags: number, status: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = hashOf(httpMethod, rpcMethod, flags, status) & mask; ; i = (i + 1) & mask) {
      const entry = slots[i]!;
      if (entry === 0) return this.add(httpMethod, rpcMethod, flags, status, i);
      const shape = entry - 1;
      if (this.httpMethod[shape] === httpMethod && this.rpcMethod[shape] === rpcMethod && this.flags[shape] === flags && Object.is(this.status[shape], status)) return shape;
    }
  }

  /** `shape` with `flags` set besides its own. */
  withFlags(shape: number, flags: number): number {
    return this.shapeOf(this.httpMethod[shape]!, this.rpcMethod[shape]!, this.flags[shape]! | flags, this.status[shape]!);
  }

  /** `shape` answered with `status` (null when not logged: its status is then left as it was). */
  answered(shape: number, status: number | null): number {
    const flags = this.flags[shape]! | ANSWERED;
    if (status === null) return this.shapeOf(this.httpMethod[shape]!, this.rpcMethod[shape]!, flags | NO_STATUS, this.status[shape]!);
    return this.shapeOf(this.httpMethod[shape]!, this.rpcMethod[shape]!, flags, status);
  }

  private add(httpMethod: number, rpcMethod: number, flags: number, status: number, slot: number): number {
    const shape = this.length++;
    if (shape === this.httpMethod.length) {
      this.httpMethod = withRoomFor(this.httpMethod, shape);
      this.rpcMethod = withRoomFor(this.rpcMethod, shape);
      this.flags = withRoomFor(this.flags, shape);
      this.status = withRoomFor(this.status, shape);
      this.isGet = withRoomFor(this.isGet, shape);
    }
    this.httpMethod[shape] = httpMethod;
    this.rpcMethod[shape] = rpcMethod;
    this.flags[shape] = flags;
    this.status[shape] = status;
    this.isGet[shape] = this.strings.string(httpMethod) === "GET" ? 1 : 0;
    this.slots[slot] = shape + 1;
    // At most half full, so that a new shape's probe ends at an empty slot soon.
    if (2 * this.length > this.slots.length) this.rehash();
    return shape;
  }

  private rehash() {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let shape = 0; shape < this.length; shape++) {
      let i = hashOf(this.httpMethod[shape]!, this.rpcMethod[shape]!, this.flags[shape]!, this.status[shape]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = shape + 1;
    }
    this.slots = slots;
  }
}

/** A status that is not an integer hashes as its integer part: it is compared exactly anyway. */
function hashOf(httpMethod: number, rpcMethod: number, flags: number, status: number): number {
  let h = Math.imul(httpMethod, 0x9e3779b1) ^ Math.imul(rpcMethod + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(flags + 0x165667b1, 0xc2b2ae3d) ^ Math.imul(status | 0, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/**
 * Shapes' numbers of a block's rows: a byte a row while below 256, then two, then four (a log of
 * that many methods and statuses).
 */
export type ShapeColumn = Uint8Array | Uint16Array | Int32Array;

/** Writes `shape` at `row` and returns the column that holds it: `column`, or a wider copy. */
export function putShape(column: ShapeColumn, row: number, shape: number): ShapeColumn {
  column[row] = shape;
  if (column[row] === shape) return column;
  const wide = shape <= 0xffff ? new Uint16Array(column.length) : new Int32Array(column.length);
  wide.set(column);
  wide[row] = shape;
  return wide;
}
