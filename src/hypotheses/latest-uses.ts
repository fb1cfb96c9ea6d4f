import type { LoggedSession } from "../timeline/logged-session.js";
import type { NamedWindow } from "../timeline/named-sessions.js";
import { isInt32Distance } from "../timeline/near-numbers.js";

/** Sessions per block of LatestUses. */
const LATEST_BLOCK_BITS = 12;
const LATEST_BLOCK_ROWS = 1 << LATEST_BLOCK_BITS;
const LATEST_BLOCK_MASK = LATEST_BLOCK_ROWS - 1;

/** In a block's distances, a session with no time yet (-Infinity): no distance written is this one. */
const NONE = -0x80000000;

/**
 * By session ordinal, the latest time of its uses folded and, once a loss named it, of its start;
 * -Infinity for none (Math.max leaves any time as it is, -0 and NaN too). The start is read when a
 * loss first names the session (a session is named at 8.6 losses on average at 1 GiB, and reading
 * its start at each was 150 ms): after that, only a claim that the sweep counts as a late fact moves
 * it (ReinitializationSweep.movedStart and owned: the loss's client, or the owner it had, sent an
 * initialize after the new start). In blocks: grown by doubling as the sessions came, the column
 * had room for up to twice as many and left its copies behind, through the fold's end, where the
 * run's peak is (4 MB and 6 of copies at 1 GiB, 371,304 sessions; 3.3 MB in blocks).
 *
 * A block keeps its times as Int32 distances from its first time, which gives every one back
 * exactly while each is that first plus a whole distance within 2^31 ms (24 days); from the first
 * that is not (a fraction, -0, NaN, a time far from the block's first), the block keeps the times
 * themselves in a Float64Array. The bench logs' times all fit: four bytes a session where eight
 * were, held through the fold, where the 2 GiB log's peak is (2.9 MB per GiB of Float64 times).
 */
export class LatestUses {
  private readonly near: Int32Array[] = [];
  /** By block, its times themselves once one did not fit a distance, else null. */
  private readonly far: (Float64Array | null)[] = [];
  /** By block, the time its distances are from: NaN until a finite one is written. */
  private readonly bases: number[] = [];
  /** A bit a session, set once its start was read into its time: a byte each was 0.7 MB at 2 GiB. */
  private readonly started: Uint8Array[] = [];
  /** The latest of the times, NaN left out: -Infinity for none. */
  latest = -Infinity;

  /** The latest of the kth named session's uses folded and its start: found by its ordinal, the session read only for its start. */
  ofNamed(named: NamedWindow, k: number): number {
    const ordinal = named.positionAt(k);
    const b = this.reach(ordinal);
    const started = this.started[b]!;
    const i = ordinal & LATEST_BLOCK_MASK;
    const bit = 1 << (i & 7);
    if ((started[i >>> 3]! & bit) === 0) {
      const start = (named.sessionAt(k) as LoggedSession).startAt;
      this.write(b, i, Math.max(this.read(b, i), start));
      started[i >>> 3] = started[i >>> 3]! | bit;
      if (start > this.latest) this.latest = start;
    }
    return this.read(b, i);
  }

  /** A use of the session at `at`. */
  raise(ordinal: number, at: number) {
    const b = this.reach(ordinal);
    const i = ordinal & LATEST_BLOCK_MASK;
    const far = this.far[b]!;
    if (far !== null) far[i] = Math.max(far[i]!, at);
    else this.write(b, i, Math.max(this.read(b, i), at));
    if (at > this.latest) this.latest = at;
  }

  /** The time of the block's ith session. */
  private read(b: number, i: number): number {
    const far = this.far[b]!;
    if (far !== null) return far[i]!;
    const distance = this.near[b]![i]!;
    return distance === NONE ? -Infinity : this.bases[b]! + distance;
  }

  /** Puts `time` as the block's ith session's, as a distance when that gives it back, else in the block's Float64Array. */
  private write(b: number, i: number, time: number) {
    const far = this.far[b]!;
    if (far !== null) {
      far[i] = time;
      return;
    }
    if (time === -Infinity) {
      this.near[b]![i] = NONE;
      return;
    }
    let base = this.bases[b]!;
    if (base !== base && Number.isFinite(time)) this.bases[b] = base = time;
    const distance = time - base;
    if (distance !== NONE && isInt32Distance(base, time)) {
      this.near[b]![i] = distance;
      return;
    }
    this.widen(b)[i] = time;
  }

  /** The block's times themselves, each read from its distance. */
  private widen(b: number): Float64Array {
    const far = new Float64Array(LATEST_BLOCK_ROWS);
    for (let i = 0; i < LATEST_BLOCK_ROWS; i++) far[i] = this.read(b, i);
    this.far[b] = far;
    this.near[b] = EMPTY;
    return far;
  }

  /** The block of the session's (made when new): its index. */
  private reach(ordinal: number): number {
    const b = ordinal >>> LATEST_BLOCK_BITS;
    while (this.near.length <= b) {
      this.near.push(new Int32Array(LATEST_BLOCK_ROWS).fill(NONE));
      this.far.push(null);
      this.bases.push(Number.NaN);
      this.started.push(new Uint8Array(LATEST_BLOCK_ROWS >>> 3));
    }
    return b;
  }
}

/** A widened block's distances, let go. */
const EMPTY = new Int32Array(0);
