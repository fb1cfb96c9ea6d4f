import type { Int32Column } from "./int-column.js";

/** The list of every session without items: one, not one each. */
export const NO_ITEMS: readonly never[] = [];

/** Items side by side by session: session s's are `items` from `starts[s]` up to `starts[s + 1]`. */
export interface Grouped<T> {
  readonly items: readonly T[];
  readonly starts: Int32Array;
}

/**
 * `items` grouped by the session each belongs to (`sessionOf`, a session's position in creation
 * order, or -1 for none), each group in the order of `items`, in one list. A session's lists
 * grown by push took at least 16 slots each and were copied to their length once done: with two
 * per session, some 10 MB of the 100 MiB bench log's collections copied twice by the young
 * generation to be thrown away.
 */
export function groupBySession<T>(items: readonly T[], sessionOf: Int32Column, sessionCount: number): Grouped<T> {
  const starts = new Int32Array(sessionCount + 1);
  for (let i = 0; i < items.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) starts[session + 1]!++;
  }
  for (let s = 0; s < sessionCount; s++) starts[s + 1]! += starts[s]!;
  // A copy of `items` to write over, so that every slot holds an item and the list comes out packed.
  const grouped = items.slice(0, starts[sessionCount]);
  const next = starts.slice(0, sessionCount);
  for (let i = 0; i < items.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) grouped[next[session]!++] = items[i]!;
  }
  return { items: grouped, starts };
}

/** Session s's items, a new list at each call; sessions without items share NO_ITEMS. */
export function itemsOf<T>({ items, starts }: Grouped<T>, session: number): readonly T[] {
  return starts[session] === starts[session + 1] ? NO_ITEMS : items.slice(starts[session], starts[session + 1]);
}

/** Rows side by side by session: session s's are `rows` from `starts[s]` up to `starts[s + 1]`. */
export interface GroupedRows {
  readonly rows: Int32Array;
  readonly starts: Int32Array;
}

/** The rows 0… of a table (row i's session is `sessionOf.at(i)`, or -1 for none) grouped by session, as groupBySession groups items. */
export function groupRowsBySession(sessionOf: Int32Column, sessionCount: number): GroupedRows {
  const starts = new Int32Array(sessionCount + 1);
  for (let i = 0; i < sessionOf.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) starts[session + 1]!++;
  }
  for (let s = 0; s < sessionCount; s++) starts[s + 1]! += starts[s]!;
  const rows = new Int32Array(starts[sessionCount]!);
  const next = starts.slice(0, sessionCount);
  for (let i = 0; i < sessionOf.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) rows[next[session]!++] = i;
  }
  return { rows, starts };
}
