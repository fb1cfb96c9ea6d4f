/** A column of numbers kept in a typed array that grows by copies. */
type Column = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Float64Array;

/** A copy of `column`, `length` long and of its own type; the rows past the old length are `fill`. */
export function grown<T extends Column>(column: T, length: number, fill = 0): T {
  const to = new (column.constructor as new (length: number) => T)(length);
  to.set(column as never);
  if (fill !== 0) to.fill(fill, column.length);
  return to;
}

/** A copy of `column` with room for `index`, at least twice as long: growth by doubling costs O(1) a row. New rows are `fill`. */
export function withRoomFor<T extends Column>(column: T, index: number, fill = 0): T {
  return grown(column, Math.max(index + 1, column.length * 2), fill);
}

/**
 * A full ring's column, twice as long, its rows moved to the start in the ring's order (from `head`
 * to the end, then from the start up to `head`): how the queues of what waits for the walk grow
 * (ColumnRing: CandidateQueue, SessionEvents, IdleBeforeLoss, the walk feed's samples).
 */
export function unwound<T extends Column>(column: T, head: number): T {
  const to = new (column.constructor as new (length: number) => T)(2 * column.length);
  to.set(column.subarray(head) as never);
  to.set(column.subarray(0, head) as never, column.length - head);
  return to;
}
