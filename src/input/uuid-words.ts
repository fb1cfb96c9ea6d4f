/**
 * A lower-case canonical UUID (8-4-4-4-12 hex digits, what servers' randomUUID() gives) as four
 * 32-bit words: 16 bytes where its string took 56 on V8's heap (a 36-character one-byte string).
 */
export const UUID_LENGTH = 36;

/** Where each of the 32 hex digits is in the string, between the hyphens at 8, 13, 18 and 23. */
const DIGIT_AT = Uint8Array.from({ length: UUID_LENGTH }, (_, k) => k).filter((k) => k !== 8 && k !== 13 && k !== 18 && k !== 23);

/** A character's value as a lower-case hex digit (below 128), 16 for any other. */
const NIBBLE = new Uint8Array(128).fill(16);
for (let d = 0; d < 16; d++) NIBBLE["0123456789abcdef".charCodeAt(d)] = d;

/**
 * Writes `value`'s words at `words[at]` to `words[at + 3]` and says whether it is a lower-case
 * canonical UUID; the words are not to be read when it is not. Any other string (upper case,
 * braces, another length) stays a string: it is given back as it came.
 */
export function writeUuidWords(value: string, words: Int32Array, at: number): boolean {
  if (value.length !== UUID_LENGTH) return false;
  if (value.charCodeAt(8) !== 45 || value.charCodeAt(13) !== 45 || value.charCodeAt(18) !== 45 || value.charCodeAt(23) !== 45) return false;
  let invalid = 0;
  let word = 0;
  for (let d = 0; d < 32; d++) {
    const c = value.charCodeAt(DIGIT_AT[d]!);
    const nibble = c < 128 ? NIBBLE[c]! : 16;
    invalid |= nibble;
    word = (word << 4) | (nibble & 15);
    if ((d & 7) === 7) words[at + (d >>> 3)] = word;
  }
  return (invalid & 16) === 0;
}

const HEX = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
/** Where uuidOf writes the characters; the hyphens stay. */
const scratch = Buffer.alloc(UUID_LENGTH, "-");

/** The UUID whose words are at `words[at]` to `words[at + 3]`, as its string. */
export function uuidOf(words: Int32Array, at: number): string {
  for (let d = 0; d < 32; d++) scratch[DIGIT_AT[d]!] = HEX[(words[at + (d >>> 3)]! >>> (28 - 4 * (d & 7))) & 15]!;
  return scratch.toString("latin1", 0, UUID_LENGTH);
}
