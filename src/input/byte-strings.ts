/**
 * Strings made from ASCII bytes, a new string each time. A table from bytes to the string made
 * before (64k slots, 32k strings, 2 MB of kept bytes, forgotten when half full) gave equal values
 * one string object, but the values that reach here are those the bytes readers' recent values
 * missed (a session's first line, a client among many: 158,574 of the 100 MiB events bench
 * log's 1.1 M string values), and two in three of them were in the table: each probe a miss of
 * the CPU's caches, and the strings it held in an old-space array were found again by every
 * scavenge. Whole CLI on the 1 GiB events log (/tmp/s22/paired.sh, 4 pairs, load 12-17): user
 * median 13.81 → 12.10 s with the table gone; the reading thread's profile: stringOf 590-1222 ms
 * with the table, its GC 729-1004 → 436-683 ms.
 */

/** Buffer's own latin1Slice, untyped in @types/node: toString("latin1", …) checks its arguments and the encoding first (149 against 134 ns a string). */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** The string of the ASCII bytes `bytes[start, end)`. */
export function stringOf(bytes: Buffer, start: number, end: number): string {
  return (bytes as Latin1Buffer).latin1Slice(start, end);
}
