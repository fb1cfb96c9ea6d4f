import { withRoomFor } from "../grown-column.js";

/**
 * A list of ordinals, appended to, kept as runs of consecutive ones (a start and a count): the
 * sessions join their instance's list as they are first seen (live-sessions.ts), in the order of
 * their ordinals, so a log of one instance makes one run of every session, where an entry each
 * took 4 bytes (2.9 MB at the 2 GiB events log's 735,262 sessions). Ordinals out of that order
 * cost a run each, 8 bytes.
 */
export class OrdinalRuns {
  /** Run r: its first ordinal at 2r, how many at 2r + 1. */
  private runs = new Int32Array(8);
  /** How many runs hold them. */
  runCount = 0;
  /** How many ordinals. */
  length = 0;

  /** Appends `ordinal`: its place in the list. */
  push(ordinal: number): number {
    const last = 2 * (this.runCount - 1);
    if (this.runCount > 0 && this.runs[last]! + this.runs[last + 1]! === ordinal) {
      this.runs[last + 1]!++;
    } else {
      if (2 * this.runCount + 1 >= this.runs.length) this.runs = withRoomFor(this.runs, 2 * this.runCount + 1);
      this.runs[2 * this.runCount] = ordinal;
      this.runs[2 * this.runCount + 1] = 1;
      this.runCount++;
    }
    return this.length++;
  }

  /** Each ordinal with its place, in order. */
  forEach(visit: (ordinal: number, at: number) => void) {
    let at = 0;
    for (let r = 0; r < this.runCount; r++) {
      const start = this.runs[2 * r]!;
      const end = start + this.runs[2 * r + 1]!;
      for (let ordinal = start; ordinal < end; ordinal++) visit(ordinal, at++);
    }
  }
}
