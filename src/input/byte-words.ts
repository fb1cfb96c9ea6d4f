import { matchesWords, wordsOf, type Words } from "./byte-words-compare.js";

/**
 * A fixed list of ASCII words, each found where a JSON string holds exactly it, without
 * scanning for the string's end: the bytes at two places pick the one word it can be (the lists
 * are chosen so that no two words share both), and one comparison of the word and its closing
 * quote, eight bytes at a time (byte-words-compare.ts), decides. A scan byte by byte to the quote, then a comparison,
 * cost several times as many instructions (each typed array read checks its array).
 */
export class ByteWords<W extends string> {
  private readonly byPair = new Int8Array(0x4000).fill(-1);
  /** Each word followed by its closing quote. */
  private readonly quoted: Words[];
  private readonly lengths: Int32Array;

  constructor(
    readonly words: readonly W[],
    private readonly first: number,
    private readonly second: number,
  ) {
    this.quoted = words.map((word) => wordsOf(`${word}"`));
    this.lengths = Int32Array.from(words, (word) => word.length + 1);
    words.forEach((word, index) => {
      const pair = pairOf(word.charCodeAt(first), word.charCodeAt(second));
      if (word.length <= second || this.byPair[pair] !== -1) throw new Error(`${word} is not told apart by bytes ${first} and ${second}`);
      this.byPair[pair] = index;
    });
  }

  /** A word's length with its closing quote. */
  quotedLength(index: number): number {
    return this.lengths[index]!;
  }

  /** The index of the word that the string starting at `from` holds, with its closing quote before `end`; -1 for none. */
  indexAt(bytes: Buffer, view: DataView, from: number, end: number): number {
    const index = this.byPair[pairOf(bytes[from + this.first]!, bytes[from + this.second]!)]!;
    if (index === -1) return -1;
    const length = this.lengths[index]!;
    return from + length <= end && matchesWords(view, from, length, this.quoted[index]!, 0) ? index : -1;
  }
}

/** Bytes of a word are below 0x80; any byte read where there is no word only makes a pair no word has, or one the comparison refuses. */
const pairOf = (first: number, second: number) => ((first & 0x7f) << 7) | (second & 0x7f);
