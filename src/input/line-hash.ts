/**
 * Drawn per thread, so that a log cannot be written to make its lines collide and turn each
 * repeat search into a comparison with the whole window (a hash is only ever compared with
 * another taken by the same thread).
 */
const SEED = (Math.random() * 0x7fffffff) | 0;
/** Each lane starts from a value of its own drawn with SEED: a lane started from a constant could be made to collide whatever the seed. */
const SEED_G = Math.imul(SEED ^ 0x2545f491, 0x85ebca6b);
const SEED_A = Math.imul(SEED ^ 0x1b873593, 0xcc9e2d51);
const SEED_B = Math.imul(SEED ^ 0x68e31da4, 0x27d4eb2f);

/**
 * A 30-bit hash of a line's text as UTF-8, computed from the bytes the line was read from, so
 * that finding repeated lines (RecentLines) does not hash the decoded string: V8 hashes a string
 * one character at a time and that was most of the repeat search's cost (250 of 400 ms on the
 * 100 MiB bench log); four bytes at a time, in two independent lanes, cost 40-80 ms measured
 * alone, some 100 ms more for splitWholeLines in the reading thread's profile.
 *
 * The hash depends on the bytes only, never on where they sit in memory: a repeated line is
 * rarely at the same offset in its chunk. It needs no strength: RecentLines compares the texts
 * of lines whose hashes agree, so a collision costs a comparison, never a wrong answer. The 30
 * bits keep it a small integer, which V8 stores in an object without a box.
 */
export function hashUtf8(view: DataView, start: number, end: number): number {
  let h = (end - start) ^ SEED;
  let g = SEED_G;
  let a = SEED_A;
  let b = SEED_B;
  let i = start;
  // Thirty-two bytes a step in four lanes, then four, then one. Sixteen a step in two lanes were
  // a fifth fewer instructions than eight a step; four lanes, whose multiplications do not wait
  // on one another, took 15-21% less time than two hashing every line of the 100 MiB bench logs
  // alone (medians of ten passes: events 19.8 → 16.9 ms, pino 16.0 → 12.6 ms).
  for (; i + 32 <= end; i += 32) {
    h = Math.imul(h ^ view.getInt32(i, true), 0x9e3779b1);
    g = Math.imul(g ^ view.getInt32(i + 4, true), 0x85ebca6b);
    a = Math.imul(a ^ view.getInt32(i + 8, true), 0xcc9e2d51);
    b = Math.imul(b ^ view.getInt32(i + 12, true), 0x1b873593);
    h = Math.imul(h ^ view.getInt32(i + 16, true), 0x9e3779b1);
    g = Math.imul(g ^ view.getInt32(i + 20, true), 0x85ebca6b);
    a = Math.imul(a ^ view.getInt32(i + 24, true), 0xcc9e2d51);
    b = Math.imul(b ^ view.getInt32(i + 28, true), 0x1b873593);
  }
  for (; i + 4 <= end; i += 4) h = Math.imul(h ^ view.getInt32(i, true), 0x9e3779b1);
  for (; i < end; i++) h = Math.imul(h ^ view.getUint8(i), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ g ^ Math.imul(a ^ (a >>> 13), 0x27d4eb2f) ^ b, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

/** hashUtf8 of `bytes[start, end)`, for the few lines not cut from a span (see splitLines). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  return hashUtf8(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), start, end);
}

/**
 * hashUtf8 of the text encoded again: for a line whose bytes were not UTF-8, since two different
 * invalid sequences decode to the same U+FFFD and their lines must hash alike.
 */
export function hashText(text: string): number {
  const bytes = Buffer.from(text, "utf8");
  return hashBytes(bytes, 0, bytes.length);
}
