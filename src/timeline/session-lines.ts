import type { LoggedSession } from "./logged-session.js";
import type { RecordList } from "./model.js";
import { LineQueue } from "./line-queue.js";
import { isBefore, PendingLines } from "./pending-lines.js";

/**
 * The sessions' creation lines and ends (not those by a restart, which the restart tells), in log
 * order, equal positions a creation first, then by session: found as the sessions are read in
 * their own order, each once, and held only from then until they are reached. The walk meets the
 * log's lines in log order and a session is first seen at the walk's position, so no line of a
 * session not yet read lies before the latest start of those read (a start moves back only, to
 * the initialize a creation claims): a line found before that start is the next one. Gathered for
 * every session and sorted instead, these were six to nine typed arrays as long as the sessions
 * (with the sort's), some 20 MB of the 2 GiB events log's report (735,000 sessions), its run's peak.
 */
export class SessionLines {
  /** Creations later than every one queued before (most): in log order as read. */
  private readonly queued = new LineQueue();
  /** The other creations, and the ends. */
  private readonly pending = new PendingLines();
  /** Whether the next line is the queue's first (else the heap's least). */
  private fromQueue = false;
  /** How many sessions were read, in their order. */
  private read = 0;
  /** No line of a session not read yet lies before this position. */
  private bound = -Infinity;

  constructor(private readonly sessions: RecordList<LoggedSession>) {
    this.find();
  }

  /** The next line's log position, Infinity when none is left. */
  get seq(): number {
    return this.fromQueue ? this.queued.seq : this.pending.seq;
  }

  /** The next line's time: only while one is left. */
  get at(): number {
    return this.fromQueue ? this.queued.at : this.pending.at;
  }

  /** Whether the next line is its session's end (else its creation). */
  get isEnd(): boolean {
    return this.tag >= this.sessions.length;
  }

  /** The next line's session, as its position in the sessions. */
  get session(): number {
    const tag = this.tag;
    return tag >= this.sessions.length ? tag - this.sessions.length : tag;
  }

  /** How many lines were found and not yet told: for tests and measures. */
  get waiting(): number {
    return this.queued.length + this.pending.length;
  }

  /** Moves to the line after the next one. */
  next() {
    if (this.fromQueue) this.queued.shift();
    else this.pending.pop();
    this.find();
  }

  private get tag(): number {
    return this.fromQueue ? this.queued.tag : this.pending.tag;
  }

  /** Reads sessions until the least line found is sure to be the next one. */
  private find() {
    const { sessions, queued, pending } = this;
    const count = sessions.length;
    for (;;) {
      this.fromQueue = queued.length > 0 && (pending.length === 0 || isBefore(queued.seq, queued.tag, pending.seq, pending.tag));
      if (this.read === count || this.seq < this.bound) return;
      const position = this.read++;
      const session = sessions.at(position)!;
      this.bound = Math.max(this.bound, session.startSeq);
      const creationSeq = session.creationSeq;
      // Queued after an equal position too: read in the sessions' order, its tag is the greater.
      if (creationSeq !== Infinity) (creationSeq >= queued.lastSeq ? queued : pending).push(creationSeq, session.creationAt, position);
      const endSeq = session.endSeq;
      // An end's tag follows every creation's: a creation comes first at an equal position.
      if (endSeq !== Infinity && session.endKind !== "restart") pending.push(endSeq, session.endAt, count + position);
    }
  }
}
