import { grown, unwound } from "../grown-column.js";
import { ColumnRing, RING_CAPACITY } from "./column-ring.js";

/**
 * Sessions (their positions in the timeline's sessions) waiting to be swept at a log position, the
 * least first, equal positions in the sessions' order, each with a number for the sweep (an end,
 * its owner's position). The walk finds most starts and ends at its own position, in order: those
 * wait in a ring, first in first out; a start moved back to its initialize, or an end placed at a
 * restart behind the walk, in a binary heap. All in the heap, each pop sifted down some 14 levels.
 */
export class SessionEvents {
  private readonly inOrder = new EventRing();
  private readonly outOfOrder = new EventHeap();

  get length(): number {
    return this.inOrder.length + this.outOfOrder.length;
  }

  push(key: number, ordinal: number, payload = 0) {
    if (this.inOrder.accepts(key, ordinal)) this.inOrder.push(key, ordinal, payload);
    else this.outOfOrder.push(key, ordinal, payload);
  }

  /** The least position; Infinity when empty. */
  peekKey(): number {
    return this.fromRing() ? this.inOrder.peekKey() : this.outOfOrder.peekKey();
  }

  /** The least one's session; only when not empty. */
  peekOrdinal(): number {
    return this.fromRing() ? this.inOrder.peekOrdinal() : this.outOfOrder.peekOrdinal();
  }

  peekPayload(): number {
    return this.fromRing() ? this.inOrder.peekPayload() : this.outOfOrder.peekPayload();
  }

  /** Takes the least; only when not empty. */
  pop() {
    if (this.fromRing()) this.inOrder.shift();
    else this.outOfOrder.pop();
  }

  /** Whether the least is the ring's first. */
  private fromRing(): boolean {
    const { inOrder, outOfOrder } = this;
    if (outOfOrder.length === 0) return true;
    if (inOrder.length === 0) return false;
    return isBefore(inOrder.peekKey(), inOrder.peekOrdinal(), outOfOrder.peekKey(), outOfOrder.peekOrdinal());
  }
}

/** Those pushed in order, first in first out. */
class EventRing extends ColumnRing {
  private keys = new Float64Array(RING_CAPACITY);
  private ordinals = new Int32Array(RING_CAPACITY);
  private payloads = new Int32Array(RING_CAPACITY);
  private lastKey = -Infinity;
  private lastOrdinal = -1;

  /** Whether one at `key` comes after all in the ring. */
  accepts(key: number, ordinal: number): boolean {
    return this.length === 0 || !isBefore(key, ordinal, this.lastKey, this.lastOrdinal);
  }

  push(key: number, ordinal: number, payload: number) {
    const i = this.pushed();
    this.keys[i] = key;
    this.ordinals[i] = ordinal;
    this.payloads[i] = payload;
    this.lastKey = key;
    this.lastOrdinal = ordinal;
  }

  peekKey(): number {
    return this.length === 0 ? Infinity : this.keys[this.head]!;
  }

  peekOrdinal(): number {
    return this.ordinals[this.head]!;
  }

  peekPayload(): number {
    return this.payloads[this.head]!;
  }

  protected unwind(head: number) {
    this.keys = unwound(this.keys, head);
    this.ordinals = unwound(this.ordinals, head);
    this.payloads = unwound(this.payloads, head);
  }
}

/** The others, a binary heap over columns. */
class EventHeap {
  private keys = new Float64Array(1024);
  private ordinals = new Int32Array(1024);
  private payloads = new Int32Array(1024);
  length = 0;

  push(key: number, ordinal: number, payload = 0) {
    if (this.length === this.keys.length) this.grow();
    this.siftUp(this.length++, key, ordinal, payload);
  }

  /** The least position; Infinity when empty. */
  peekKey(): number {
    return this.length === 0 ? Infinity : this.keys[0]!;
  }

  /** The least one's session; only when not empty. */
  peekOrdinal(): number {
    return this.ordinals[0]!;
  }

  peekPayload(): number {
    return this.payloads[0]!;
  }

  /**
   * Takes the least; only when not empty. Its place goes down to a leaf by the lesser child, one
   * comparison a level, and the last one is sifted up from there (Floyd's): the last one, mostly
   * among the latest, belongs near the leaves, where a sift down from the top compared it with the
   * lesser child at each level as well: measured on the narration's heap of session lines (stop
   * 32), some 70 ms less of the 1 GiB events log's narration (node --cpu-prof). The narration
   * needs no heap since (session-lines.ts); for the sweep's, which holds only the events behind
   * the walk, the gain was not measured.
   * Equal events (position and session) carry equal numbers here (the sweep's starts none, its
   * ends their session's owner), so which of them either way gives back first is not seen.
   */
  pop() {
    const { keys, ordinals, payloads } = this;
    const last = --this.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && isBefore(keys[child + 1]!, ordinals[child + 1]!, keys[child]!, ordinals[child]!)) child++;
      keys[i] = keys[child]!;
      ordinals[i] = ordinals[child]!;
      payloads[i] = payloads[child]!;
      i = child;
    }
    if (i < last) this.siftUp(i, keys[last]!, ordinals[last]!, payloads[last]!);
  }

  /** Puts the event at place `i`, or above where it comes before its parent. */
  private siftUp(i: number, key: number, ordinal: number, payload: number) {
    const { keys, ordinals, payloads } = this;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!isBefore(key, ordinal, keys[parent]!, ordinals[parent]!)) break;
      keys[i] = keys[parent]!;
      ordinals[i] = ordinals[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    keys[i] = key;
    ordinals[i] = ordinal;
    payloads[i] = payload;
  }

  private grow() {
    this.keys = grown(this.keys, 2 * this.keys.length);
    this.ordinals = grown(this.ordinals, 2 * this.ordinals.length);
    this.payloads = grown(this.payloads, 2 * this.payloads.length);
  }
}

/** Whether the event at (`key`, `ordinal`) comes before the other: by position, then the sessions' order. */
export function isBefore(key: number, ordinal: number, otherKey: number, otherOrdinal: number): boolean {
  return key < otherKey || (key === otherKey && ordinal < otherOrdinal);
}
