import type { Event } from "../events.js";
import { BatchBuffers } from "./batch-buffers.js";
import { BatchStrings, KINDS, PACKED, type PackedEvents } from "./event-codec.js";
import type { InputSummary } from "./input-summary.js";
import { REORDER_WINDOW } from "./order-events.js";

/**
 * A row's string fields, each at `slot * STRINGS + field`: a string, null, or undefined (absent);
 * a request id may also be its code (request-id-code.ts), read from the bytes without a string.
 */
const STRINGS = 7;
const INSTANCE = 0;
const REQUEST_ID = 1;
const HTTP_METHOD = 2;
const SESSION_ID = 3;
const RPC_METHOD = 4;
const USER_AGENT = 5;
const REMOTE_ADDRESS = 6;

const REQUEST = KINDS.indexOf("request");
const RESPONSE = KINDS.indexOf("response");
const STREAM_CLOSED = KINDS.indexOf("stream-closed");
const SERVER_STARTED = KINDS.indexOf("server-started");
/** A kind's code, by kind, for the session events written from Event objects. */
const KIND_CODE = new Map<string, number>(KINDS.map((kind, code) => [kind, code]));

/**
 * One file's events as rows, put in time order within a window and packed as they leave it: what
 * readEvents, orderWithinWindow and packEvents do on a reading thread, without an Event object
 * per line. The events format's lines are written here straight from their bytes (see
 * readEventsBytesInto); any other line's Event is copied in (addEvent). A batch's rows are staged
 * in log order, then ordered together (takeOrdered): the same batches, in the same order, with
 * the same warnings, as orderWithinWindow over readEvents' batches.
 *
 * A row lives in a slot of flat arrays from the line that writes it to the batch that packs it;
 * slots are reused, so the window holds numbers in typed arrays, never an object per event.
 */
export class EventRows {
  private capacity = 0;
  private kind = new Int8Array(0);
  private initialize = new Int8Array(0);
  private at = new Float64Array(0);
  private line = new Float64Array(0);
  private number = new Float64Array(0);
  private strings: (string | number | null | undefined)[] = [];
  /** Slots not in use, as a stack. */
  private free = new Int32Array(0);
  private freeCount = 0;
  /** Slots written since the last takeOrdered, in log order. */
  private staged = new Int32Array(0);
  private stagedCount = 0;
  /** Slots waiting in the window, in time order, at [head, tail) of `order`. */
  private order: Int32Array;
  private head = 0;
  private tail = 0;
  /** The time and line of the last row out of the window; NaN before the first. */
  private lastOutAt = NaN;
  private lastOutLine = 0;
  /** Slots leaving the window in the current takeOrdered. */
  private out = new Int32Array(0);

  constructor(
    private readonly file: string,
    private readonly summary: InputSummary,
    /** Where the packed batches' arrays come from (see BatchBuffers). */
    private readonly buffers = new BatchBuffers(),
    private readonly window = REORDER_WINDOW,
  ) {
    // Room for the window twice over: the waiting slots move back to the start once per window.
    this.order = new Int32Array(2 * (window + 1));
    this.grow(window + 1 + 1024);
  }

  /** Stages a new row, not labelled with an instance; its kind's string fields are written next. */
  private stage(kind: number, at: number, line: number): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const slot = this.free[--this.freeCount]!;
    this.staged[this.stagedCount++] = slot;
    this.kind[slot] = kind;
    this.at[slot] = at;
    this.line[slot] = line;
    this.strings[slot * STRINGS + INSTANCE] = null;
    return slot;
  }

  request(at: number, line: number, requestId: string | number | null, httpMethod: string | null, sessionId: string | null | undefined, isInitialize: boolean | null, rpcMethod: string | null, userAgent: string | null, remoteAddress: string | null): void {
    const slot = this.stage(REQUEST, at, line);
    const s = slot * STRINGS;
    this.strings[s + REQUEST_ID] = requestId;
    this.strings[s + HTTP_METHOD] = httpMethod;
    this.strings[s + SESSION_ID] = sessionId;
    this.strings[s + RPC_METHOD] = rpcMethod;
    this.strings[s + USER_AGENT] = userAgent;
    this.strings[s + REMOTE_ADDRESS] = remoteAddress;
    this.initialize[slot] = isInitialize === null ? PACKED.NULL : isInitialize ? 1 : 0;
  }

  response(at: number, line: number, requestId: string | number | null, sessionId: string | null | undefined, status: number | null): void {
    const slot = this.stage(RESPONSE, at, line);
    this.strings[slot * STRINGS + REQUEST_ID] = requestId;
    this.strings[slot * STRINGS + SESSION_ID] = sessionId;
    this.number[slot] = status ?? NaN;
  }

  /** A session-created, -closed or -removed row (`kind` is its code in KINDS), or stream-closed. */
  session(kind: number, at: number, line: number, sessionId: string | null, number: number | null): void {
    const slot = this.stage(kind, at, line);
    this.strings[slot * STRINGS + SESSION_ID] = sessionId;
    this.number[slot] = number ?? NaN;
  }

  serverStarted(at: number, line: number, pid: number | null): void {
    this.number[this.stage(SERVER_STARTED, at, line)] = pid ?? NaN;
  }

  /** The time of the row staged last. */
  lastAt(): number {
    return this.at[this.staged[this.stagedCount - 1]!]!;
  }

  /** Labels the row staged last with its server instance (`--instance-from`). */
  setInstance(instance: string | null): void {
    this.strings[this.staged[this.stagedCount - 1]! * STRINGS + INSTANCE] = instance;
  }

  /** Stages an event read as an object (a line the bytes reader declined, another format's line). */
  addEvent(event: Event): void {
    const { at, ref } = event;
    switch (event.kind) {
      case "request":
        this.request(at, ref.line, event.requestId, event.httpMethod, event.sessionId, event.isInitialize, event.rpcMethod, event.userAgent, event.remoteAddress);
        break;
      case "response":
        this.response(at, ref.line, event.requestId, event.sessionId, event.status);
        break;
      case "session-created":
      case "session-closed":
      case "session-removed":
        this.session(KIND_CODE.get(event.kind)!, at, ref.line, event.sessionId, event.activeSessions);
        break;
      case "stream-closed":
        this.session(STREAM_CLOSED, at, ref.line, event.sessionId, event.elapsedMs);
        break;
      case "server-started":
        this.serverStarted(at, ref.line, event.pid);
        break;
    }
    if (event.instance != null) this.setInstance(event.instance);
  }

  /**
   * Moves the staged rows into the window, as orderWithinWindow moves a batch's events: the rows
   * that leave it, packed, or null when none did.
   */
  takeOrdered(): PackedEvents | null {
    let outCount = 0;
    if (this.out.length < this.stagedCount) this.out = new Int32Array(this.staged.length);
    for (let k = 0; k < this.stagedCount; k++) {
      const slot = this.staged[k]!;
      const at = this.at[slot]!;
      if (this.tail === this.head || at >= this.at[this.order[this.tail - 1]!]!) this.insert(this.tail, slot);
      else if (at < this.lastOutAt) {
        this.summary.recordWarning({ file: this.file, line: this.line[slot]!, reason: `out of order by more than the reorder window (${this.window} events): ${this.lastOutAt - at} ms earlier than line ${this.lastOutLine}, kept where it is` });
        // It goes out next: later than its time, but before every row still waiting.
        this.insert(this.head, slot);
      } else this.insert(this.upperBound(at), slot);
      if (this.tail - this.head > this.window) {
        const first = this.order[this.head++]!;
        this.lastOutAt = this.at[first]!;
        this.lastOutLine = this.line[first]!;
        this.out[outCount++] = first;
      }
    }
    this.stagedCount = 0;
    return outCount === 0 ? null : this.packOut(this.out, 0, outCount);
  }

  /** The rows still in the window, packed, or null when it is empty: at the end of the file. */
  takeRest(): PackedEvents | null {
    if (this.tail === this.head) return null;
    const packed = this.packOut(this.order, this.head, this.tail);
    this.head = this.tail = 0;
    return packed;
  }

  /** Puts `slot` at `index` of the waiting rows; the rows from there on move one place. */
  private insert(index: number, slot: number): void {
    const order = this.order;
    if (index === this.head && this.head > 0) {
      order[--this.head] = slot;
      return;
    }
    if (this.tail === order.length) {
      // At most window + 1 rows wait: moved to the start, they leave room for as many again.
      order.copyWithin(0, this.head, this.tail);
      index -= this.head;
      this.tail -= this.head;
      this.head = 0;
    }
    if (index < this.tail) order.copyWithin(index + 1, index, this.tail);
    order[index] = slot;
    this.tail++;
  }

  /** The first place among the waiting rows whose time is after `at`: insertion there keeps ties in order. */
  private upperBound(at: number): number {
    let low = this.head;
    let high = this.tail;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.at[this.order[mid]!]! <= at) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The rows of slots[from, to) packed as packEvents packs events (the same strings in the same order), their slots freed. */
  private packOut(slots: Int32Array, from: number, to: number): PackedEvents {
    const count = to - from;
    const { ints, nums, words, sessionStrings, sources: pairs } = this.buffers.take(count);
    const batch = new BatchStrings(words, sessionStrings, pairs);
    const { instance, requestId, httpMethod, sessionId, rpcMethod, userAgent, remoteAddress, file } = batch;
    const strings = this.strings;
    for (let e = 0; e < count; e++) {
      const slot = slots[from + e]!;
      const i = e * PACKED.INTS;
      const n = e * PACKED.NUMS;
      const s = slot * STRINGS;
      const kind = this.kind[slot]!;
      const label = strings[s + INSTANCE] as string | null;
      ints[i + PACKED.instance] = label == null ? PACKED.NULL : instance.code(label);
      ints[i + PACKED.file] = file.code(this.file);
      ints[i + PACKED.kind] = kind;
      nums[n + PACKED.at] = this.at[slot]!;
      nums[n + PACKED.line] = this.line[slot]!;
      if (kind === REQUEST) {
        ints[i + PACKED.requestId] = requestId.code(strings[s + REQUEST_ID]);
        ints[i + PACKED.httpMethod] = httpMethod.code(strings[s + HTTP_METHOD] as string | null | undefined);
        ints[i + PACKED.sessionId] = sessionId.code(strings[s + SESSION_ID] as string | null | undefined);
        ints[i + PACKED.isInitialize] = this.initialize[slot]!;
        ints[i + PACKED.rpcMethod] = rpcMethod.code(strings[s + RPC_METHOD] as string | null | undefined);
        ints[i + PACKED.userAgent] = userAgent.code(strings[s + USER_AGENT] as string | null | undefined);
        ints[i + PACKED.remoteAddress] = remoteAddress.code(strings[s + REMOTE_ADDRESS] as string | null | undefined);
        nums[n + PACKED.number] = NaN;
      } else {
        if (kind === RESPONSE) ints[i + PACKED.requestId] = requestId.code(strings[s + REQUEST_ID]);
        if (kind !== SERVER_STARTED) ints[i + PACKED.sessionId] = sessionId.code(strings[s + SESSION_ID] as string | null | undefined);
        nums[n + PACKED.number] = this.number[slot]!;
      }
      // Its strings stay until the slot is written again: each kind writes every field it packs.
      this.free[this.freeCount++] = slot;
    }
    return batch.packed(count, ints, nums);
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const widen = <T extends Int8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const wider = make(capacity);
      wider.set(array);
      return wider;
    };
    this.kind = widen(this.kind, (n) => new Int8Array(n));
    this.initialize = widen(this.initialize, (n) => new Int8Array(n));
    this.at = widen(this.at, (n) => new Float64Array(n));
    this.line = widen(this.line, (n) => new Float64Array(n));
    this.number = widen(this.number, (n) => new Float64Array(n));
    for (let f = old * STRINGS; f < capacity * STRINGS; f++) this.strings.push(null);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    for (let slot = capacity - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    const staged = new Int32Array(capacity);
    staged.set(this.staged.subarray(0, this.stagedCount));
    this.staged = staged;
    this.capacity = capacity;
  }
}
