import type { LineRef } from "../events.js";
import { unwound, withRoomFor } from "../timeline/grown-column.js";
import { NULL_CODE } from "../timeline/interner.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { ReinitializeKind, Session } from "../timeline/model.js";
import type { NamedWindow } from "../timeline/named-sessions.js";
import type { LoggedRequest } from "../timeline/records.js";
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
 * log order, with the initializes among them (UsesSince). Kept: a time per session (8 bytes), and
 * 20 bytes for each request the sweep's lag holds; a filtered timeline's replay tells every request
 * before the re-initializes, and then the kept sessions' uses after the first kept initialize wait.
 * An initialize that an answer logged later than the lags makes (Tallies.lateFacts) was not waiting
 * when told: uses after it may have been folded already, the one way this differs.
 */
export class IdleBeforeLoss implements WalkObserver {
  private bestSession: Session | null = null;
  private bestIdleMs = NaN;
  private bestRef: LineRef | null = null;
  /** By session ordinal: the latest time it was used of the uses folded, -Infinity for none (Math.max leaves the other time as it is). */
  private latestUse = new Float64Array(1024).fill(-Infinity);
  private readonly waiting = new UsesSince();

  /** `session`: the request's, as the timeline holds it (null for none, or one the filter dropped). */
  request(request: LoggedRequest, _client: number, kept: boolean, session: LoggedSession | null) {
    const { waiting } = this;
    // A filtered timeline lists the re-initializes of the kept requests only.
    if (kept && request.sessionCode === NULL_CODE && request.isInitialize === true) waiting.push(request.seq, NaN, INITIALIZE);
    else if (session === null) return;
    else if (waiting.length > 0) waiting.push(request.seq, request.at, session.ordinal);
    else this.fold(session.ordinal, request.at);
  }

  reinitialization(request: LoggedRequest, _client: number, kind: ReinitializeKind, _aliveCount: number, _idleGapMs: number | null, _index: number, named: NamedWindow) {
    const { waiting } = this;
    const seq = request.seq;
    // The re-initializes are told in log order: the uses before this one are before all to come,
    // and an initialize before it still waiting will not be told, so holds nothing back.
    while (waiting.length > 0 && waiting.seq() < seq) this.settleFirst();
    if (kind === "loss") this.weigh(request, named);
    while (waiting.length > 0 && (waiting.ordinal() !== INITIALIZE || waiting.seq() <= seq)) this.settleFirst();
  }

  /** The shortest idle before a loss; null when no loss named a session it found alive. */
  shortest(): ShortestIdle | null {
    return this.bestSession === null ? null : { sessionId: this.bestSession.id, idleMs: this.bestIdleMs, ref: this.bestRef! };
  }

  /** The loss's named sessions against the best so far: a loss told later is later in the log, and replaces it only when shorter. */
  private weigh(request: LoggedRequest, named: NamedWindow) {
    const at = request.at;
    for (let k = 0; k < named.count; k++) {
      const session = named.sessionAt(k) as LoggedSession;
      const { ordinal } = session;
      const latest = ordinal < this.latestUse.length ? Math.max(session.startAt, this.latestUse[ordinal]!) : session.startAt;
      const idleMs = at - latest;
      // A NaN time makes a NaN idle, which nothing replaces and which replaces nothing, as when read after the fold.
      if (this.bestSession !== null && !(idleMs < this.bestIdleMs)) continue;
      this.bestSession = session;
      this.bestIdleMs = idleMs;
      this.bestRef = request.ref;
    }
  }

  private settleFirst() {
    const { waiting } = this;
    const ordinal = waiting.ordinal();
    if (ordinal !== INITIALIZE) this.fold(ordinal, waiting.at());
    waiting.shift();
  }

  private fold(ordinal: number, at: number) {
    if (ordinal >= this.latestUse.length) this.latestUse = withRoomFor(this.latestUse, ordinal, -Infinity);
    this.latestUse[ordinal] = Math.max(this.latestUse[ordinal]!, at);
  }
}

/** In UsesSince, an initialize waiting to be told, in place of a session's ordinal. */
const INITIALIZE = -1;

/**
 * The uses (a session's ordinal and the use's time) and initializes told since the oldest initialize
 * not classified yet, in log order, as a ring of numbers: those the sweep's lag holds.
 */
class UsesSince {
  private seqs = new Float64Array(1024);
  private times = new Float64Array(1024);
  private ordinals = new Int32Array(1024);
  private head = 0;
  length = 0;

  push(seq: number, at: number, ordinal: number) {
    if (this.length === this.seqs.length) this.grow();
    const i = (this.head + this.length++) & (this.seqs.length - 1);
    this.seqs[i] = seq;
    this.times[i] = at;
    this.ordinals[i] = ordinal;
  }

  /** The first one's log position; only when not empty. */
  seq(): number {
    return this.seqs[this.head]!;
  }

  at(): number {
    return this.times[this.head]!;
  }

  ordinal(): number {
    return this.ordinals[this.head]!;
  }

  /** Drops the first; only when not empty. */
  shift() {
    this.head = (this.head + 1) & (this.seqs.length - 1);
    this.length--;
  }

  /** Twice the room, the waiting ones moved to its start in order. */
  private grow() {
    this.seqs = unwound(this.seqs, this.head);
    this.times = unwound(this.times, this.head);
    this.ordinals = unwound(this.ordinals, this.head);
    this.head = 0;
  }
}
