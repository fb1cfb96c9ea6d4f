import type { LoggedSession } from "../timeline/logged-session.js";
import type { RecordList, Session, Timeline } from "../timeline/model.js";
import type { RequestTable } from "../timeline/records.js";
import { countOf, NO_ROWS, startOf, type GroupedRows } from "../timeline/group-by-session.js";
import type { PackedRowBlocks } from "../timeline/packed-row-blocks.js";
import { requestRows } from "../timeline/rows.js";

/**
 * Every session's start and uses, by its place in the timeline's sessions, for a pass over all of
 * them. A use is its row of the RequestTable, its time read from there when asked. The uses are
 * read where the timeline keeps them, every session's rows side by side
 * (LoggedSession.requestGrouping): copied, they were 6.3 MB at 1 GiB and the longest part of
 * making this. Copies of each use's position and time (16 bytes a use, 32 MB at 1 GiB, garbage the
 * report's start then held) cost as many reads of the table as the times read now.
 */
export class UsesBySession {
  readonly table: RequestTable;
  private readonly sessions: RecordList<Session>;
  private readonly rows: PackedRowBlocks;
  /**
   * Each session's uses are read where the timeline groups them (LoggedSession.requestGrouping),
   * by its ordinal: the timeline's sessions are in the order of their ordinals, a filtered
   * timeline's are some of them (`ordinals`, null when they are all). Copies of each session's
   * first and end by place were 3 MB at 1 GiB.
   */
  private readonly grouped: GroupedRows;
  private readonly ordinals: Int32Array | null;

  constructor(timeline: Timeline) {
    const sessions: RecordList<Session> = timeline.sessions;
    this.sessions = sessions;
    this.table = requestRows(timeline).table;
    let ordered = true;
    for (let i = 0; i < sessions.length && ordered; i++) ordered = (sessions.at(i) as LoggedSession).ordinal === i;
    this.ordinals = ordered ? null : Int32Array.from(sessions, (session) => (session as LoggedSession).ordinal);
    // Every session's, a filtered timeline's too: it keeps the sessions it keeps whole.
    const grouping = sessions.length === 0 ? null : (sessions.at(0) as LoggedSession).requestGrouping;
    this.grouped = grouping ?? NO_ROWS;
    this.rows = this.grouped.rows;
  }

  /** How many sessions. */
  get length(): number {
    return this.sessions.length;
  }

  /** When session i (its place in the timeline's sessions) started. */
  startAtOf(i: number): number {
    return this.sessions.at(i)!.startAt;
  }

  /** The first of session i's uses: places in the timeline's rows of every session's. */
  firstUse(i: number): number {
    return startOf(this.grouped, this.ordinals === null ? i : this.ordinals[i]!);
  }

  /** Past the last of session i's uses. */
  endOfUses(i: number): number {
    const ordinal = this.ordinals === null ? i : this.ordinals[i]!;
    return startOf(this.grouped, ordinal) + countOf(this.grouped, ordinal);
  }

  /** Places of uses a pass that reads them in an order of its own may span (PackedRowBlocks.placesPerPass). */
  get placesPerPass(): number {
    return this.rows.placesPerPass;
  }

  /** A use's row of the table: a session's uses' rows ascend (groupRows puts them in row order). */
  rowOf(use: number): number {
    return this.rows.get(use);
  }
}
