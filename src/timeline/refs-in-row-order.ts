import type { LineRef } from "../events.js";
import type { RequestTable } from "./records.js";

/**
 * The lines of the given rows of `table`, each read once and in row order (log order), whatever
 * order they were asked in: a rule's evidence gathered client by client or session by session
 * jumped between the table's blocks, and a block out of memory is read back at each jump
 * (block-store.ts); in row order each block is read back at most once.
 */
export function refsInRowOrder(table: RequestTable, rows: ArrayLike<number>): Map<number, LineRef> {
  const sorted = Float64Array.from(rows).sort();
  const refs = new Map<number, LineRef>();
  const cursor = table.cursor();
  for (let i = 0; i < sorted.length; i++) {
    const row = sorted[i]!;
    if (i > 0 && row === sorted[i - 1]) continue;
    refs.set(row, cursor.moveTo(row).ref);
  }
  return refs;
}
