import { PACKED, uuidIndexOf, type PackedEvents } from "../input/event-codec.js";
import { ABSENT_CODE, NULL_CODE, type Interner } from "./interner.js";

const UNSEEN = -1;

/**
 * A packed batch's string indexes as numbers of the timeline's strings. The batch sends each
 * distinct value once, so a value is looked up in the Interner once per batch and a repeat (a
 * session's request, its response and its server lines; the methods; the file) is an array read:
 * on the 100 MiB bench log, the events' 496,473 session ids were 89,520 lookups. The session ids
 * held already are looked up together when the batch starts (Interner.findAll): an id is the one
 * field whose values are many (371,000 at 1 GiB, where 680,000 of the 1.05 million lookups found
 * a string numbered in an earlier batch, most of them ids), so its lookups are the ones that miss
 * the caches. The other fields (methods, files, instances) are a few values, looked up at their
 * first use. A value not held yet is added at its first use, so the strings are numbered in the
 * order the fold uses them. User agents and addresses are not numbered: the fold finds the client
 * by the strings (clientOf). Looking up every value at its first use, as before, the ids' lookups
 * waited on one cache miss after another. A session id that is a UUID comes as its words
 * (PACKED.UUID): those are looked up together too (Interner.findAllUuids), each once, as the
 * batch sends each once. The other ids come listed with the batch (PackedEvents.sessionStrings):
 * found by a pass over the batch's rows, they cost the main thread 104 ms at 1 GiB (node --cpu-prof).
 */
export class BatchLookups {
  private codes = new Int32Array(1024);
  private strings: readonly string[] = [];
  /** The numbers of the batch's UUIDs, by their index among them (UNSEEN: not held before the batch, not asked yet). */
  private uuidCodes = new Int32Array(1024);
  private words: Int32Array = new Int32Array(0);

  constructor(private readonly interner: Interner) {}

  /** The next batch. */
  start({ strings, words, sessionStrings }: PackedEvents) {
    this.strings = strings;
    this.words = words;
    const uuids = words.length >>> 2;
    if (this.uuidCodes.length < uuids) this.uuidCodes = new Int32Array(Math.max(uuids, this.uuidCodes.length * 2));
    this.uuidCodes.fill(UNSEEN, 0, uuids);
    this.interner.findAllUuids(words, uuids, this.uuidCodes);
    if (this.codes.length < strings.length) this.codes = new Int32Array(Math.max(strings.length, this.codes.length * 2));
    this.codes.fill(UNSEEN, 0, strings.length);
    this.interner.findAll(strings, sessionStrings, sessionStrings.length, this.codes);
  }

  /**
   * The string at `index` of the batch's strings as its number: NULL_CODE, ABSENT_CODE for
   * PACKED.NULL, PACKED.ABSENT; a session id's UUID (PACKED.UUID and below) as its string's.
   */
  code(index: number): number {
    if (index < 0) {
      if (index > PACKED.UUID) return index === PACKED.NULL ? NULL_CODE : ABSENT_CODE;
      const uuid = uuidIndexOf(index);
      let code = this.uuidCodes[uuid]!;
      if (code === UNSEEN) this.uuidCodes[uuid] = code = this.interner.codeOfUuid(this.words, 4 * uuid);
      return code;
    }
    let code = this.codes[index]!;
    if (code === UNSEEN) this.codes[index] = code = this.interner.code(this.strings[index]!);
    return code;
  }
}
