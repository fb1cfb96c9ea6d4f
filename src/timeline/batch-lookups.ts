import { PACKED, type PackedEvents } from "../input/event-codec.js";
import { ABSENT_CODE, NULL_CODE, type Interner } from "./interner.js";

const UNSEEN = -1;
const WANTED = -2;

/**
 * A packed batch's string indexes as numbers of the timeline's strings, as BatchCodes gives them
 * (each distinct value looked up once per batch, at its first use), with the session ids already
 * held looked up together when the batch starts (Interner.findAll): an id is the one field whose
 * values are many (371,000 at 1 GiB, 680,000 of the 1.05 million lookups finding an id held from
 * an earlier batch), so its lookups are the ones that miss the caches. The other fields (methods,
 * files, instances) are a few values, looked up at their first use as before. A value not held
 * yet is added at its first use, so the strings are numbered in the order the fold uses them.
 */
export class BatchLookups {
  private codes = new Int32Array(1024);
  private wanted = new Int32Array(1024);
  private strings: readonly string[] = [];

  constructor(private readonly interner: Interner) {}

  /** The next batch. */
  start({ count, ints, strings }: PackedEvents) {
    this.strings = strings;
    if (this.codes.length < strings.length) {
      this.codes = new Int32Array(Math.max(strings.length, this.codes.length * 2));
      this.wanted = new Int32Array(this.codes.length);
    }
    const codes = this.codes;
    const wanted = this.wanted;
    codes.fill(UNSEEN, 0, strings.length);
    let found = 0;
    for (let e = 0; e < count; e++) {
      const index = ints[e * PACKED.INTS + PACKED.sessionId]!;
      if (index >= 0 && codes[index] === UNSEEN) {
        codes[index] = WANTED;
        wanted[found++] = index;
      }
    }
    for (let k = 0; k < found; k++) codes[wanted[k]!] = UNSEEN;
    this.interner.findAll(strings, wanted, found, codes);
  }

  /** The string at `index` of the batch's strings as its number: NULL_CODE, ABSENT_CODE for PACKED.NULL, PACKED.ABSENT. */
  code(index: number): number {
    if (index < 0) return index === PACKED.NULL ? NULL_CODE : ABSENT_CODE;
    let code = this.codes[index]!;
    if (code === UNSEEN) this.codes[index] = code = this.interner.code(this.strings[index]!);
    return code;
  }
}
