import { NearInts } from "./near-ints.js";
import { PackedRowBlocks } from "./packed-row-blocks.js";

/** Numbers read by index: an Int32Column, or a column read through another (see fillSessionLists). */
export interface IntList {
  readonly length: number;
  at(index: number): number;
}

/**
 * Rows of a table, each of a session or none (item i's row is `rowOf.at(i)`, or i when rowOf is
 * null; its session `sessionOf.at(i)`, a session's position in creation order, or -1 for none; the
 * rows ascend with the items, as PackedRows takes them), to
 * be grouped by session by the table that keeps them (SessionTable): its requests as rows side by
 * side (groupRows). A session's stream closures are counted as the walk meets them (SessionTable.noteClosure).
 */
export interface SessionGrouping {
  readonly sessionOf: IntList;
  readonly sessionCount: number;
  readonly rowOf: IntList | null;
}

export function groupRowsBySession(sessionOf: IntList, sessionCount: number, rowOf: IntList | null = null): SessionGrouping {
  return { sessionOf, sessionCount, rowOf };
}

/** Rows side by side by session: session s's are `rows` from `starts.get(s)` up to `starts.get(s + 1)`. */
export interface GroupedRows {
  /**
   * Two-byte distances from the least row of each group of eight places (PackedRows): 4.7 MB at
   * 1 GiB where an Int32Array took 6.2 (a heap snapshot after the fold, absum.mjs), 13% of the
   * groups wide; in blocks that leave memory (PackedRowBlocks). Read by place (the rules' lists,
   * UsesBySession resuming each session where it left off), so gaps between a session's rows
   * (914,000 of 1 apart, 348,000 of 256 or more) summed from its first would be a walk at each read.
   */
  readonly rows: PackedRowBlocks;
  /** Two bytes a session where an Int32Array took 4 (NearInts): 0.7 MB at 1 GiB. */
  readonly starts: NearInts;
}

/** Before the end of the log, no session has rows. */
export const NO_ROWS: GroupedRows = { rows: new PackedRowBlocks(0).finish(), starts: NearInts.NONE };

/**
 * Each group in the order of the items, in one list. A session's lists grown by push took at
 * least 16 slots each and were copied to their length once done: with two per session, some 10
 * MB of the 100 MiB bench log's collections copied twice by the young generation to be thrown away.
 * Each item's session is asked twice, once to count and once to place: SessionTable's is a read of
 * the request table (its spilled blocks read back) and a lookup of the id. Kept from the first
 * pass, the sessions were 4 bytes an item on top of the rows being put: the 4 GiB events log's
 * peak, 26 MB of the fold's end at 234 MiB (phase marks of /tmp/s33/mkinstr.sh); asked twice,
 * 203 MiB, and the grouping took 0.53-0.57 s either way (2 runs each).
 */
export function groupRows({ sessionOf, sessionCount, rowOf }: SessionGrouping): GroupedRows {
  const starts = new Int32Array(sessionCount + 1);
  for (let i = 0; i < sessionOf.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) starts[session + 1]!++;
  }
  for (let s = 0; s < sessionCount; s++) starts[s + 1]! += starts[s]!;
  const rows = new PackedRowBlocks(starts[sessionCount]!);
  // Each session's start is its next free place while the rows are put, which leaves it at the
  // next session's start: moved back up by one after. A copy of the starts for the purpose was
  // one more array of every session (1.5 MB twice at 1 GiB, at the fold's end).
  let last = -1;
  for (let i = 0; i < sessionOf.length; i++) {
    const session = sessionOf.at(i);
    if (session < 0) continue;
    const row = rowOf === null ? i : rowOf.at(i);
    // PackedRows takes a group's first row as its least: a smaller one after it would be misread.
    if (row <= last) throw new Error(`groupRows: row ${row} after row ${last}: the rows must ascend`);
    rows.put(starts[session]!++, (last = row));
  }
  starts.copyWithin(1, 0, sessionCount);
  starts[0] = 0;
  return { rows: rows.finish(), starts: NearInts.of(starts, "the sessions' request lists") };
}

/** Where session s's rows start in `rows` (0 before the rows are grouped, at the end of the log). */
export function startOf({ rows, starts }: GroupedRows, session: number): number {
  return rows.length === 0 ? 0 : starts.get(session);
}

/** How many rows session s has (none before the rows are grouped). */
export function countOf({ rows, starts }: GroupedRows, session: number): number {
  return rows.length === 0 ? 0 : starts.get(session + 1) - starts.get(session);
}
