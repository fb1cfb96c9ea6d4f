/**
 * Sessions (their positions in the timeline's sessions) waiting to be swept at a log position, the
 * least first, equal positions in the sessions' order: a binary heap over two columns. The walk
 * finds most starts and ends at its own position, in order, which a push does not move; a start
 * moved back to its initialize, or an end placed at a restart behind the walk, is sifted up.
 */
export class SessionEventHeap {
  private keys = new Float64Array(1024);
  private ordinals = new Int32Array(1024);
  length = 0;

  push(key: number, ordinal: number) {
    if (this.length === this.keys.length) this.grow();
    const { keys, ordinals } = this;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!isBefore(key, ordinal, keys[parent]!, ordinals[parent]!)) break;
      keys[i] = keys[parent]!;
      ordinals[i] = ordinals[parent]!;
      i = parent;
    }
    keys[i] = key;
    ordinals[i] = ordinal;
  }

  /** The least position; Infinity when empty. */
  peekKey(): number {
    return this.length === 0 ? Infinity : this.keys[0]!;
  }

  /** The least one's session; only when not empty. */
  peekOrdinal(): number {
    return this.ordinals[0]!;
  }

  /** Takes the least; only when not empty. */
  pop() {
    const { keys, ordinals } = this;
    const n = --this.length;
    const key = keys[n]!;
    const ordinal = ordinals[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && isBefore(keys[child + 1]!, ordinals[child + 1]!, keys[child]!, ordinals[child]!)) child++;
      if (!isBefore(keys[child]!, ordinals[child]!, key, ordinal)) break;
      keys[i] = keys[child]!;
      ordinals[i] = ordinals[child]!;
      i = child;
    }
    keys[i] = key;
    ordinals[i] = ordinal;
  }

  private grow() {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ordinals = new Int32Array(this.ordinals.length * 2);
    ordinals.set(this.ordinals);
    this.keys = keys;
    this.ordinals = ordinals;
  }
}

function isBefore(key: number, ordinal: number, otherKey: number, otherOrdinal: number): boolean {
  return key < otherKey || (key === otherKey && ordinal < otherOrdinal);
}
