/**
 * Mixed into every hash, new per run: what the tables built on it give back does not depend on
 * it, and a log cannot be made whose strings all fall in one slot.
 */
const SEED = (Math.random() * 2 ** 32) | 0;

/**
 * A string's hash for the fold's open-addressing tables (interner.ts, rows-by-id.ts, clients-by-source.ts): FNV-1a over
 * its UTF-16 units, then a final mix so that the low bits (the slot) depend on every unit.
 */
export function hashOf(value: string): number {
  let hash = SEED ^ 0x811c9dc5;
  for (let k = 0; k < value.length; k++) hash = Math.imul(hash ^ value.charCodeAt(k), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/**
 * As hashOf, for an integer key (a request id's code, see rows-by-id.ts): its two 16-bit halves as
 * two units, so that the seed governs its slot too; a multiply alone let a log choose ids that all
 * fall in one slot.
 */
export function hashOfInteger(value: number): number {
  let hash = Math.imul(SEED ^ 0x811c9dc5 ^ (value & 0xffff), 0x01000193);
  hash = Math.imul(hash ^ (value >>> 16), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/** As hashOf, for a UUID's four words (uuid-words.ts): a word at a time, where hashOf took its 36 characters one by one. */
export function hashOfWords(words: Int32Array, at: number): number {
  let hash = SEED ^ 0x811c9dc5;
  for (let k = at; k < at + 4; k++) hash = Math.imul(hash ^ words[k]!, 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/**
 * A second hash of a UUID's four words, independent of hashOfWords' (another seed, murmur3's
 * mixing): the bits an id sets in a filter (id-filter.ts), whose block hashOfWords chooses.
 */
export function otherHashOfWords(words: Int32Array, at: number): number {
  let hash = Math.imul(SEED, 0x9e3779b1) ^ 0x6a09e667;
  for (let k = at; k < at + 4; k++) {
    hash = Math.imul(hash ^ words[k]!, 0xcc9e2d51);
    hash = (hash << 15) | (hash >>> 17);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
