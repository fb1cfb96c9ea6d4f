import type { LineTable } from "./line-table.js";
import { SessionTable, type LoggedSession } from "./logged-session.js";
import type { RecordList } from "./model.js";
import { SessionsAt } from "./sessions-at.js";

/**
 * The sessions' creation lines and ends (not those by a restart, which the restart tells), in log
 * order: the rows of the sessions' line table, read once in their order, each naming its session
 * (LineTable.sessionLineOf). The walk adds those rows as it meets their lines, and it meets the
 * log's lines in log order (walkTo), a restart's ends apart (an inferred restart is placed back
 * at the initialize that revealed it): so the rows told are in log order, one line each, and
 * nothing is held. A row is told when it is its session's: a session_created line that a later
 * one for the same id replaced (noteCreated keeps the latest) is not, nor a session of another
 * timeline's (a filtered one's sessions are some of the table's). Read session by session instead,
 * the ends waited in a heap (a session ends long after its creation) and every session's lines
 * were looked up by its own rows: 0.4 of the 1 GiB events log's 0.55 s of narration (--cpu-prof).
 */
export class SessionLines {
  private readonly lines: LineTable | null;
  private readonly table: SessionTable | null;
  /** By ordinal, the session's position in the sessions narrated, -1 for one they leave out; null when they are the table. */
  private readonly places: Int32Array | null;
  private readonly rows: number;
  private row = -1;
  /** The next line's log position, Infinity when none is left. */
  seq = Infinity;
  /** The next line's time: only while one is left. */
  at = 0;
  /** Whether the next line is its session's end (else its creation). */
  isEnd = false;
  /** The next line's session, as its position in the sessions. */
  session = -1;

  constructor(sessions: RecordList<LoggedSession>) {
    const table = sessions instanceof SessionsAt ? (sessions.sessions as RecordList<LoggedSession>) : sessions;
    if (sessions.length === 0) {
      this.lines = this.table = this.places = null;
      this.rows = 0;
      return;
    }
    if (!(table instanceof SessionTable)) throw new Error("SessionLines reads a session table's sessions, or some of them (SessionsAt)");
    this.table = table;
    this.lines = table.lines;
    this.rows = this.lines.length;
    this.places = sessions === table ? null : placesOf(sessions as SessionsAt<LoggedSession>, table.length);
    this.next();
  }

  /** Moves to the line after the next one. */
  next() {
    const { lines, table, places, rows } = this;
    for (let row = this.row + 1; row < rows; row++) {
      const coded = lines!.sessionLineOf(row);
      const ordinal = coded >= 0 ? coded : -1 - coded;
      const place = places === null ? ordinal : places[ordinal]!;
      if (place < 0) continue;
      if (coded >= 0 ? table!.createdRowAt(ordinal) !== row : lines!.endKindOf(row) === "restart") continue;
      this.row = row;
      this.seq = lines!.seqOf(row);
      this.at = lines!.atOf(row);
      this.isEnd = coded < 0;
      this.session = place;
      return;
    }
    this.row = rows;
    this.seq = Infinity;
  }
}

/** By ordinal, the position of each of `sessions` in that list, -1 for the table's others. */
function placesOf(sessions: SessionsAt<LoggedSession>, tableLength: number): Int32Array {
  const places = new Int32Array(tableLength).fill(-1);
  for (let i = 0; i < sessions.length; i++) places[sessions.positionAt(i)] = i;
  return places;
}
