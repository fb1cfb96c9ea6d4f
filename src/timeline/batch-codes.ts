import { PACKED } from "../input/event-codec.js";
import { ABSENT_CODE, NULL_CODE, type Interner } from "./interner.js";

const UNSEEN = -1;

/**
 * A packed batch's string indexes as numbers of the timeline's strings. The batch sends each
 * distinct value once, so a value is looked up in the Interner once per batch, at its first use,
 * and a repeat (a session's request, its response and its server lines; the methods; the file) is
 * an array read. On the 100 MiB bench log, the events' 496,473 session ids are 89,520 lookups
 * (188 a batch), nearly all a session's first: a session seldom outlives its batch (1.5% of a
 * batch's ids were in the batch before), so what the Interner still costs is its new entries.
 * User agents and addresses are not numbered: the fold finds the client by the strings (see
 * clientOf), and numbering them cost more lookups than it spared (callgrind, 3 folds of a 5 MB cut).
 */
export class BatchCodes {
  private codes = new Int32Array(1024);
  private strings: readonly string[] = [];

  constructor(private readonly interner: Interner) {}

  /** The next batch's strings. */
  start(strings: readonly string[]) {
    this.strings = strings;
    if (this.codes.length < strings.length) this.codes = new Int32Array(Math.max(strings.length, this.codes.length * 2));
    this.codes.fill(UNSEEN, 0, strings.length);
  }

  /** The string at `index` of the batch's strings as its number: NULL_CODE, ABSENT_CODE for PACKED.NULL, PACKED.ABSENT. */
  code(index: number): number {
    if (index < 0) return index === PACKED.NULL ? NULL_CODE : ABSENT_CODE;
    let code = this.codes[index]!;
    if (code === UNSEEN) this.codes[index] = code = this.interner.code(this.strings[index]!);
    return code;
  }
}
