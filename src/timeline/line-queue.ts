import { unwound } from "../grown-column.js";
import { ColumnRing, RING_CAPACITY } from "./column-ring.js";

/**
 * Lines in the order given, each a log position, a time and a tag, first in, first out. The
 * sessions' creations, read in the sessions' order, come mostly in log order too (see
 * session-lines.ts): queued so, they skip the heap of the ends (PendingLines), whose two sifts
 * of a dozen levels each per line made the narration of the 1 GiB events log some 100 ms slower
 * than the sort it replaced.
 */
export class LineQueue extends ColumnRing {
  private seqs = new Float64Array(RING_CAPACITY);
  private ats = new Float64Array(RING_CAPACITY);
  private tags = new Int32Array(RING_CAPACITY);
  /** The position of the line queued last, -Infinity before the first. */
  lastSeq = -Infinity;

  push(seq: number, at: number, tag: number) {
    const i = this.pushed();
    this.seqs[i] = seq;
    this.ats[i] = at;
    this.tags[i] = tag;
    this.lastSeq = seq;
  }

  /** The first line's position, Infinity when none is queued. */
  get seq(): number {
    return this.length > 0 ? this.seqs[this.head]! : Infinity;
  }

  /** The first line's time and tag: only while one is queued. */
  get at(): number {
    return this.ats[this.head]!;
  }

  get tag(): number {
    return this.tags[this.head]!;
  }

  protected unwind(head: number) {
    this.seqs = unwound(this.seqs, head);
    this.ats = unwound(this.ats, head);
    this.tags = unwound(this.tags, head);
  }
}
