import type { LineRef } from "../events.js";
import { unwound } from "../grown-column.js";
import { LatestUses } from "./latest-uses.js";
import { ColumnRing, RING_CAPACITY } from "../timeline/column-ring.js";
import { NULL_CODE } from "../timeline/interner.js";
import type { ReinitializeKind } from "../timeline/model.js";
import type { NamedWindow } from "../timeline/named-sessions.js";
import type { LoggedRequest } from "../timeline/records.js";
import { INITIALIZE as IS_INITIALIZE, type ReleasedRequests } from "../timeline/released-requests.js";
import type { WalkObserver } from "../timeline/walk-feed.js";

/** The session of a loss that had been idle the shortest before it, and the loss's request. */
export interface ShortestIdle {
  readonly sessionId: string;
  readonly idleMs: number;
  readonly ref: LineRef;
}

/**
 * Of every session a loss found alive, the one idle the shortest before it (since its latest use
 * logged before the loss, or its start when none); of equals, the first loss in the log, then the
 * first it names. Read after the fold, this walked every loss's names back to their sessions and
 * each session's uses (313,000 losses at 1 GiB), from the re-initializes' columns.
 *
 * A request is told a lag before the sweep classifies it: when a loss is told, the sessions it
 * names may have uses after it already. Every re-initialize to come is an initialize told and not
 * classified yet, or a request not told yet: the uses before the oldest such initialize are before
 * every loss to come, and are folded into their session's latest use; the later ones wait, in
 * log order, with the initializes among them (UsesSince). Kept to the fold's end: each session's
 * latest use, in memory for the sessions made last and those kept alive long (LatestUses), and 16
 * bytes for each request the sweep's lag holds; a filtered timeline's replay tells every request
 * before the re-initializes, and then the kept sessions' uses after the first kept initialize wait.
 * It differs from the reading after the fold only by late facts (Tallies.lateFacts): an initialize
 * that an answer logged later than the lags makes was not waiting when told (uses after it may
 * have been folded already), and a start a late claim moves after a loss named the session.
 */
export class IdleBeforeLoss implements WalkObserver {
  /** The best so far, null for none: its session's id, read when it became the best (a session of one timeline never equals another's, which a test of two walks compares). */
  private bestSessionId: string | null = null;
  private bestIdleMs = NaN;
  private bestRef: LineRef | null = null;
  private latestUses = new LatestUses();
  private waiting = new UsesSince();

  /**
   * A chunk's requests, each with its session as the timeline holds it (null for none, or one the
   * filter dropped). Told one request at a time through the table's cursor, each read through its
   * getters, the requests' tell was some 44 ms of the main thread at 1 GiB (node --cpu-prof at
   * 9be9281: Tallies.tellReleased's loop 12.5 ms self, the getters of at, sessionCode and
   * isInitialize under this hook 29).
   */
  requests({ length, kept, sessionCode, flags, rows, at, sessions }: ReleasedRequests) {
    const { waiting, latestUses } = this;
    for (let i = 0; i < length; i++) {
      // A filtered timeline lists the re-initializes of the kept requests only.
      if (kept[i] === 1 && sessionCode[i] === NULL_CODE && (flags[i]! & IS_INITIALIZE) !== 0) {
        waiting.push(rows[i]!, NaN, INITIALIZE);
        continue;
      }
      const session = sessions[i]!;
      if (session === null) continue;
      if (waiting.length > 0) waiting.push(rows[i]!, at[i]!, session.ordinal);
      else latestUses.raise(session.ordinal, at[i]!);
    }
  }

  reinitialization(request: LoggedRequest, _client: number, kind: ReinitializeKind, _aliveCount: number, _idleGapMs: number | null, _index: number, named: NamedWindow) {
    const { waiting } = this;
    const row = request.row;
    // The re-initializes are told in log order: the uses before this one are before all to come,
    // and an initialize before it still waiting will not be told, so holds nothing back.
    while (waiting.length > 0 && waiting.row() < row) this.settleFirst();
    if (kind === "loss") this.weigh(request, named);
    while (waiting.length > 0 && (waiting.ordinal() !== INITIALIZE || waiting.row() <= row)) this.settleFirst();
  }

  /** The shortest idle before a loss; null when no loss named a session it found alive. */
  shortest(): ShortestIdle | null {
    return this.bestSessionId === null ? null : { sessionId: this.bestSessionId, idleMs: this.bestIdleMs, ref: this.bestRef! };
  }

  /**
   * The loss's named sessions against the best so far: a loss told later is later in the log, and
   * replaces it only when shorter. Those named before (NamedWindow.namedBefore) had their start read
   * then, so that no time of theirs is past the latest time LatestUses holds: when even that leaves
   * an idle no shorter than the best, none of them replaces it, and they are not read. At 1 GiB the
   * best is 1 ms from the 9% of the log on; reading each named session's time was 106 ms of the main
   * thread (node --cpu-prof), most of it a cache miss each in 3 MB of times.
   */
  private weigh(request: LoggedRequest, named: NamedWindow) {
    const at = request.at;
    const { namedFrom, namedTo } = named;
    if (namedFrom < namedTo && this.bestSessionId !== null && at - this.latestUses.latest >= this.bestIdleMs) {
      this.weighRange(request, named, 0, namedFrom);
      this.weighRange(request, named, namedTo, named.count);
    } else this.weighRange(request, named, 0, named.count);
  }

  /** The named sessions from `from` up to `to`, in order. */
  private weighRange(request: LoggedRequest, named: NamedWindow, from: number, to: number) {
    const at = request.at;
    for (let k = from; k < to; k++) {
      const idleMs = at - this.latestUses.ofNamed(named, k);
      // A NaN time makes a NaN idle, which nothing replaces and which replaces nothing, as when read after the fold.
      if (this.bestSessionId !== null && !(idleMs < this.bestIdleMs)) continue;
      this.bestSessionId = named.sessionAt(k).id;
      this.bestIdleMs = idleMs;
      this.bestRef = request.ref;
    }
  }

  /**
   * Every re-initialize was told, and no use waits for one: the ring's room (2 MB at 1 GiB) is let
   * go before the report, and so is every session's latest use, which only a loss to come could
   * read (3.2 MB at 1 GiB, 6.4 at 2, held through the report, where the run's peak was, before
   * LatestUses kept distances and left memory by blocks).
   */
  finish() {
    this.waiting = new UsesSince();
    this.latestUses = new LatestUses();
  }

  private settleFirst() {
    const { waiting } = this;
    const ordinal = waiting.ordinal();
    if (ordinal !== INITIALIZE) this.latestUses.raise(ordinal, waiting.at());
    waiting.shift();
  }
}

/** In UsesSince, an initialize waiting to be told, in place of a session's ordinal. */
const INITIALIZE = -1;

/**
 * The uses (a session's ordinal and the use's time) and initializes told since the oldest initialize
 * not classified yet, in log order, as a ring of numbers: those the sweep's lag holds. Each by its
 * row of the requests, which are in log order: four bytes where its log position took eight.
 */
class UsesSince extends ColumnRing {
  private rows = new Int32Array(RING_CAPACITY);
  private times = new Float64Array(RING_CAPACITY);
  private ordinals = new Int32Array(RING_CAPACITY);

  push(row: number, at: number, ordinal: number) {
    const i = this.pushed();
    this.rows[i] = row;
    this.times[i] = at;
    this.ordinals[i] = ordinal;
  }

  /** The first one's row; only when not empty. */
  row(): number {
    return this.rows[this.head]!;
  }

  at(): number {
    return this.times[this.head]!;
  }

  ordinal(): number {
    return this.ordinals[this.head]!;
  }

  protected unwind(head: number) {
    this.rows = unwound(this.rows, head);
    this.times = unwound(this.times, head);
    this.ordinals = unwound(this.ordinals, head);
  }
}
