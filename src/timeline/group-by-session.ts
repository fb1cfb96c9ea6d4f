import type { Int32Column } from "./int-column.js";

/** The list of every session without items: one, not one each. */
export const NO_ITEMS: readonly never[] = [];

/**
 * `items` grouped by the session each belongs to (`sessionOf`, a session's position in creation
 * order, or -1 for none), each group in the order of `items`, made once at its length. A session's
 * lists grown by push took at least 16 slots each and were copied to their length once done: with
 * two per session, some 10 MB of the 100 MiB bench log's collections copied twice by the young
 * generation to be thrown away. Sessions without items share one empty list.
 */
export function groupBySession<T>(items: readonly T[], sessionOf: Int32Column, sessionCount: number): (readonly T[])[] {
  const starts = new Int32Array(sessionCount + 1);
  for (let i = 0; i < items.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) starts[session + 1]!++;
  }
  for (let s = 0; s < sessionCount; s++) starts[s + 1]! += starts[s]!;
  // A copy of `items` to write over, so that every slot holds an item and the slices come out packed.
  const grouped = items.slice(0, starts[sessionCount]);
  const next = starts.slice(0, sessionCount);
  for (let i = 0; i < items.length; i++) {
    const session = sessionOf.at(i);
    if (session >= 0) grouped[next[session]!++] = items[i]!;
  }
  const groups = new Array<readonly T[]>(sessionCount);
  for (let s = 0; s < sessionCount; s++) groups[s] = starts[s] === starts[s + 1] ? NO_ITEMS : grouped.slice(starts[s], starts[s + 1]);
  return groups;
}
