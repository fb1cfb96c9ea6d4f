import type { LoggedSession } from "./logged-session.js";
import type { RecordList } from "./model.js";
import { SessionEvents } from "./session-events.js";

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
  /**
   * The lines found and not yet told, least first (SessionEvents: the creations, read mostly in
   * log order, wait in its ring; the ends, in any order, in its heap): each at its position, its
   * tag (a creation's its session's position, an end's that plus the number of sessions, so that a
   * creation comes first at an equal position) and its time.
   */
  private readonly lines = new SessionEvents();
  /** How many sessions were read, in their order. */
  private read = 0;
  /** No line of a session not read yet lies before this position. */
  private bound = -Infinity;

  constructor(private readonly sessions: RecordList<LoggedSession>) {
    this.find();
  }

  /** The next line's log position, Infinity when none is left. */
  get seq(): number {
    return this.lines.peekKey();
  }

  /** The next line's time: only while one is left. */
  get at(): number {
    return this.lines.peekPayload();
  }

  /** Whether the next line is its session's end (else its creation). */
  get isEnd(): boolean {
    return this.lines.peekOrdinal() >= this.sessions.length;
  }

  /** The next line's session, as its position in the sessions. */
  get session(): number {
    const tag = this.lines.peekOrdinal();
    return tag >= this.sessions.length ? tag - this.sessions.length : tag;
  }

  /** How many lines were found and not yet told: for tests and measures. */
  get waiting(): number {
    return this.lines.length;
  }

  /** Moves to the line after the next one. */
  next() {
    this.lines.pop();
    this.find();
  }

  /** Reads sessions until the least line found is sure to be the next one. */
  private find() {
    const { sessions, lines } = this;
    const count = sessions.length;
    while (this.read < count && !(lines.peekKey() < this.bound)) {
      const position = this.read++;
      const session = sessions.at(position)!;
      this.bound = Math.max(this.bound, session.startSeq);
      const creationSeq = session.creationSeq;
      if (creationSeq !== Infinity) lines.push(creationSeq, position, session.creationAt);
      const endSeq = session.endSeq;
      if (endSeq !== Infinity && session.endKind !== "restart") lines.push(endSeq, count + position, session.endAt);
    }
  }
}
