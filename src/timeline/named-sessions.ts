import type { Session } from "./model.js";
import { withRoomFor } from "./grown-column.js";
import { NearInts } from "./near-ints.js";

/**
 * The sessions the losses name, as their positions in the timeline's sessions, in two columns
 * only ever appended to while the classification walks (see AliveSessions in
 * classify-reinitializations.ts). In `shared`, each client's walk writes its sessions in start
 * order as it adds them, and a loss names the last of them before its end: a window shared with
 * the client's other losses. In `own`, the newest alive sessions written for a loss whose window
 * would hold ended ones. A loss's end is an index of `shared`, or of `own` as ~index (negative).
 * As lists of the ids, one per compaction of a client's start order and one per loss of the second
 * kind, they were 11 MB of pointer arrays at 1 GiB, plus a list of the lists (2.8 MB), held through
 * the report's tail; 866,000 positions here, 2.6 MB once sealed (see seal).
 */
export class NamedSessions {
  shared = new Int32Array(1024);
  sharedLength = 0;
  own = new Int32Array(1024);
  ownLength = 0;
  /** `own` once sealed. */
  private ownNear = NearInts.NONE;

  constructor(
    /** The timeline's sessions, which the positions are of. */
    readonly sessions: readonly Session[],
  ) {}

  /** Room in `shared` for `count` more after its length. */
  makeRoomInShared(count: number) {
    if (this.sharedLength + count > this.shared.length) this.shared = withRoomFor(this.shared, this.sharedLength + count - 1);
  }

  pushShared(position: number) {
    if (this.sharedLength === this.shared.length) this.shared = withRoomFor(this.shared, this.sharedLength);
    this.shared[this.sharedLength++] = position;
  }

  /** `count` places at the end of `own`, to be filled: the index they start at. */
  addOwn(count: number): number {
    const start = this.ownLength;
    if (start + count > this.own.length) this.own = withRoomFor(this.own, start + count - 1);
    this.ownLength = start + count;
    return start;
  }

  /**
   * Once no more are written, which the reads wait for: `shared` cut to its length, `own` made
   * NearInts. Grown by doubling, they had room for 524,288 each at 1 GiB, where 418,661 and
   * 447,760 were written; `own`'s are one client's newest sessions for each of its losses, which lie
   * near each other: 1.8 MB as an Int32Array, 0.9 as NearInts. `shared`'s windows of a client's
   * start order reach back to its oldest live sessions: a stretch of 256 spans 65,536 or more in
   * 968 of its 1,636 stretches.
   */
  seal() {
    if (this.sharedLength < this.shared.length) this.shared = this.shared.slice(0, this.sharedLength);
    this.ownNear = NearInts.of(this.own.subarray(0, this.ownLength));
    this.own = new Int32Array(0);
  }

  /** The ids of the `count` sessions named before `end` (see above), into `ids` from its start. */
  readIds(end: number, count: number, ids: string[]) {
    if (end >= 0) {
      for (let k = 0; k < count; k++) ids[k] = this.sessions[this.shared[end - count + k]!]!.id;
    } else {
      for (let k = 0; k < count; k++) ids[k] = this.sessions[this.ownNear.get(~end - count + k)]!.id;
    }
  }

  /** The positions of the `count` sessions named before `end`, into `into` from `at`. */
  copyPositions(end: number, count: number, into: Int32Array, at: number) {
    if (end >= 0) {
      into.set(this.shared.subarray(end - count, end), at);
    } else {
      for (let k = 0; k < count; k++) into[at + k] = this.ownNear.get(~end - count + k);
    }
  }
}
