import type { RecordList, Session } from "./model.js";

/**
 * Some of a timeline's sessions, as their positions in its list of sessions: the abandoned ones,
 * 305,000 at 1 GiB, were a list of pointers (2.4 MB of the heap, made at the fold's end and held
 * with the timeline), 4 bytes each here.
 */
export class SessionsAt implements RecordList<Session> {
  constructor(
    /** The timeline's sessions, which the positions are of. */
    private readonly sessions: readonly Session[],
    private readonly positions: Int32Array,
  ) {}

  static readonly NONE = new SessionsAt([], new Int32Array(0));

  get length(): number {
    return this.positions.length;
  }

  /** The session itself (not a copy), undefined past either end (a negative index counts from the end). */
  at(index: number): Session | undefined {
    const i = index < 0 ? index + this.length : index;
    return i >= 0 && i < this.length ? this.sessions[this.positions[i]!] : undefined;
  }

  *[Symbol.iterator](): Iterator<Session> {
    for (let i = 0; i < this.positions.length; i++) yield this.sessions[this.positions[i]!]!;
  }

  /** The ones whose id is kept, in their order (filterTimeline). */
  keep(keptIds: ReadonlySet<string>): SessionsAt {
    return new SessionsAt(this.sessions, this.positions.filter((p) => keptIds.has(this.sessions[p]!.id)));
  }
}
