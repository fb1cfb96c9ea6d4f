import { grown } from "../grown-column.js";

/**
 * Lines waiting to be told, each a log position, a time and a tag, taken least first: by position,
 * equal positions by tag. A binary heap in typed arrays that double when full: it holds the lines
 * found but not yet reached (see session-lines.ts), as many as the sessions alive at once, not
 * one per line of the log.
 */
export class PendingLines {
  private seqs = new Float64Array(64);
  private ats = new Float64Array(64);
  private tags = new Int32Array(64);
  length = 0;

  push(seq: number, at: number, tag: number) {
    if (this.length === this.seqs.length) this.grow();
    this.siftUp(this.length++, seq, at, tag);
  }

  /** The least line's position, Infinity when none is waiting. */
  get seq(): number {
    return this.length > 0 ? this.seqs[0]! : Infinity;
  }

  /** The least line's time and tag: only while one is waiting. */
  get at(): number {
    return this.ats[0]!;
  }

  get tag(): number {
    return this.tags[0]!;
  }

  /**
   * Drops the least line; only while one is waiting. Its place goes down to a leaf by the lesser
   * child, one comparison a level, and the last line is sifted up from there (Floyd's): the last
   * line, one of the latest ends, mostly belongs near the leaves, where a sift down from the top
   * would compare it with the lesser child at each level as well.
   */
  pop() {
    const last = --this.length;
    const { seqs, tags } = this;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && isBefore(seqs[child + 1]!, tags[child + 1]!, seqs[child]!, tags[child]!)) child++;
      this.move(child, i);
      i = child;
    }
    if (i < last) this.siftUp(i, seqs[last]!, this.ats[last]!, tags[last]!);
  }

  /** Puts the line in place `i`, or above where it comes before its parent. */
  private siftUp(i: number, seq: number, at: number, tag: number) {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!isBefore(seq, tag, this.seqs[parent]!, this.tags[parent]!)) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, seq, at, tag);
  }

  private move(from: number, to: number) {
    this.seqs[to] = this.seqs[from]!;
    this.ats[to] = this.ats[from]!;
    this.tags[to] = this.tags[from]!;
  }

  private put(k: number, seq: number, at: number, tag: number) {
    this.seqs[k] = seq;
    this.ats[k] = at;
    this.tags[k] = tag;
  }

  private grow() {
    const size = 2 * this.seqs.length;
    this.seqs = grown(this.seqs, size);
    this.ats = grown(this.ats, size);
    this.tags = grown(this.tags, size);
  }
}

/** Whether the line at (seq, tag) comes before the one at (otherSeq, otherTag). */
export function isBefore(seq: number, tag: number, otherSeq: number, otherTag: number): boolean {
  return seq < otherSeq || (seq === otherSeq && tag < otherTag);
}
