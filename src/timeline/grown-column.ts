/** A column of numbers kept in a typed array that grows by copies. */
type Column = Int8Array | Uint8Array | Int16Array | Int32Array | Float64Array;

/** A copy of `column`, `length` long and of its own type; the rows past the old length are 0. */
export function grown<T extends Column>(column: T, length: number): T {
  const to = new (column.constructor as new (length: number) => T)(length);
  to.set(column as never);
  return to;
}

/** A copy of `column` with room for `index`, at least twice as long: growth by doubling costs O(1) a row. */
export function withRoomFor<T extends Column>(column: T, index: number): T {
  return grown(column, Math.max(index + 1, column.length * 2));
}
