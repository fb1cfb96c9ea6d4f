import { keepWords, matchesWords, wordCount } from "./byte-words-compare.js";

/**
 * Strings made from ASCII bytes, the same string object for the same bytes while they are
 * remembered. JSON.parse makes a new string of every value over ten characters, and each new
 * string is hashed anew where it is looked up (packing's table, the timeline's interner): a
 * fast path of stop 16 that cut new strings from the line cost 9.7% more instructions for that.
 * Making a string from bytes costs some 135 ns (latin1Slice); a value seen before costs here a
 * hash of a few of its bytes and one comparison of them all.
 *
 * Memory is bounded, never grown with the file: the table forgets everything when it is half
 * full or its bytes are used up, and the values still in use are made again once each.
 */
const SLOTS = 1 << 16;
const MASK = SLOTS - 1;
const MAX_STRINGS = SLOTS >> 1;
/** The bytes of the remembered values, as words (see byte-words-compare.ts). */
const ARENA_WORDS = 1 << 18;
/** A value longer than this is made on its own each time: none of the events format's is. */
const MAX_INTERNED_BYTES = 256;
/** Probes before giving up on a slot: bounds the cost of values written to collide. */
const MAX_PROBES = 16;

/** Drawn per thread, so that a log cannot be written to make its values collide (as in line-hash.ts). */
const SEED = (Math.random() * 0x7fffffff) | 0;

/** A slot is in use when its generation is the table's: forgetting everything is one increment. */
let generation = 1;
const generationAt = new Int32Array(SLOTS);
const hashAt = new Int32Array(SLOTS);
const startAt = new Int32Array(SLOTS);
const lengthAt = new Int32Array(SLOTS);
const stringAt: string[] = new Array<string>(SLOTS).fill("");
const arena = new Float64Array(ARENA_WORDS);
let arenaUsed = 0;
let count = 0;

/** Buffer's own latin1Slice, untyped in @types/node: toString("latin1", …) checks its arguments and the encoding first (149 against 134 ns a string). */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** The string of the ASCII bytes `bytes[start, end)`; `view` is a DataView of `bytes`, from the same offset. */
export function stringOf(bytes: Buffer, view: DataView, start: number, end: number): string {
  const length = end - start;
  if (length > MAX_INTERNED_BYTES) return (bytes as Latin1Buffer).latin1Slice(start, end);
  const hash = sampleHash(bytes, view, start, end);
  let slot = hash & MASK;
  for (let probe = 0; generationAt[slot] === generation; probe++) {
    if (hashAt[slot] === hash && lengthAt[slot] === length && matchesWords(view, start, length, arena, startAt[slot]!)) return stringAt[slot]!;
    if (probe === MAX_PROBES) return (bytes as Latin1Buffer).latin1Slice(start, end);
    slot = (slot + 1) & MASK;
  }
  const words = wordCount(length);
  if (count === MAX_STRINGS || arenaUsed + words > ARENA_WORDS) {
    generation++;
    count = 0;
    arenaUsed = 0;
    slot = hash & MASK;
  }
  const text = (bytes as Latin1Buffer).latin1Slice(start, end);
  keepWords(view, start, length, arena, arenaUsed);
  generationAt[slot] = generation;
  hashAt[slot] = hash;
  startAt[slot] = arenaUsed;
  lengthAt[slot] = length;
  stringAt[slot] = text;
  arenaUsed += words;
  count++;
  return text;
}

/**
 * A hash of the length and nine bytes: the first four, the middle one and the last four, where
 * the format's values differ (ids end in counters or random hex, addresses and versions in
 * digits). The comparison decides anyway; hashing every byte cost a multiplication in a chain
 * per byte.
 */
function sampleHash(bytes: Buffer, view: DataView, start: number, end: number): number {
  const length = end - start;
  let h = Math.imul(SEED ^ length, 0x9e3779b1);
  if (length < 4) {
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x85ebca6b);
  } else {
    h = Math.imul(h ^ view.getInt32(start, true), 0x85ebca6b);
    h = Math.imul(h ^ bytes[start + (length >> 1)]!, 0x9e3779b1);
    h = Math.imul(h ^ view.getInt32(end - 4, true), 0xc2b2ae35);
  }
  return h ^ (h >>> 15);
}
