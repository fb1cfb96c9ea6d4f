/**
 * Strings made from ASCII bytes, a new string each time. A table from bytes to the string made
 * before (64k slots, 32k strings, 2 MB of kept bytes, forgotten when half full) gave equal values
 * one string object, but the values that reach here are those the bytes readers' recent values
 * missed (a session's first line, a client among many: 158,574 of the 100 MiB events bench
 * log's 1.1 M string values), and two in three of them were in the table: each probe a miss of
 * the CPU's caches. Reading alone (/tmp/s21-ids/read-only.mjs DIST FILE rows 4, round robin with
 * the table, 5-6 rounds at load 14-20): events 100 MiB user median 1.97 → 1.59 s, pino 100 MiB
 * 1.71 → 1.61 s; the 1 GiB reading thread's profile: stringOf 422-783 ms with the table.
 */

/** Buffer's own latin1Slice, untyped in @types/node: toString("latin1", …) checks its arguments and the encoding first (149 against 134 ns a string). */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** The string of the ASCII bytes `bytes[start, end)`; `view` is a DataView of `bytes`, from the same offset. */
export function stringOf(bytes: Buffer, _view: DataView, start: number, end: number): string {
  return (bytes as Latin1Buffer).latin1Slice(start, end);
}
