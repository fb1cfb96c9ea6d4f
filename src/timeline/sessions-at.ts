import type { RecordList, Session } from "./model.js";
import { NearInts } from "./near-ints.js";

/**
 * Some of a timeline's sessions, as their positions in its list of sessions: the abandoned ones,
 * 305,000 at 1 GiB, were a list of pointers (2.4 MB of the heap, made at the fold's end and held
 * with the timeline), then 4 bytes each; 2 here while they lie near each other (NearInts), as the
 * abandoned ones do in the order of their start (1.2 → 0.6 MB at 1 GiB).
 */
export class SessionsAt<S extends Session = Session> implements RecordList<S> {
  private readonly positions: NearInts;

  constructor(
    /** The timeline's sessions, which the positions are of. */
    readonly sessions: RecordList<S>,
    /** Read into the list's own column. */
    positions: Int32Array,
  ) {
    this.positions = NearInts.of(positions, "a list of some sessions");
  }

  static readonly NONE = new SessionsAt<Session>([], new Int32Array(0));

  get length(): number {
    return this.positions.length;
  }

  /** The position in the timeline's sessions of the session at `index` (0 ≤ index < length). */
  positionAt(index: number): number {
    return this.positions.get(index);
  }

  /** The session as the timeline's list gives it (the table: a record made at each read), undefined past either end (a negative index counts from the end). */
  at(index: number): S | undefined {
    const i = index < 0 ? index + this.length : index;
    return i >= 0 && i < this.length ? this.sessions.at(this.positions.get(i)) : undefined;
  }

  *[Symbol.iterator](): Iterator<S> {
    for (let i = 0; i < this.positions.length; i++) yield this.sessions.at(this.positions.get(i))!;
  }

  /** The ones `isKept` keeps, in their order: this list when all (filterTimeline, which asks by the id's number: an id's string is made at each read). */
  keep(isKept: (session: S) => boolean): SessionsAt<S> {
    const keeps = (i: number) => isKept(this.sessions.at(this.positions.get(i))!);
    let count = 0;
    for (let i = 0; i < this.positions.length; i++) if (keeps(i)) count++;
    if (count === this.length) return this;
    const kept = new Int32Array(count);
    for (let i = 0, k = 0; k < count; i++) if (keeps(i)) kept[k++] = this.positions.get(i);
    return new SessionsAt(this.sessions, kept);
  }
}
