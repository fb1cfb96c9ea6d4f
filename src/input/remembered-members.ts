import { keepWords, matchesWords, wordCount } from "./byte-words-compare.js";

/** Slots of one kind of object: more keys than that are forgotten all at once, and learnt again. */
const MAX_SLOTS = 32;
/** `"key":` of at most this many bytes is remembered. */
const MAX_KEY_BYTES = 64;
const KEY_WORDS = wordCount(MAX_KEY_BYTES);
/** A whole member, `"key":value` and the byte after it, of at most this many bytes is remembered. */
const MAX_MEMBER_BYTES = 192;
const MEMBER_WORDS = wordCount(MAX_MEMBER_BYTES);
/** A string value, with its quotes, of at most this many bytes is remembered. */
const MAX_VALUE_BYTES = 130;
const VALUE_WORDS = wordCount(MAX_VALUE_BYTES);
/** Values remembered by slot, newest first: a power of two. */
const RECENT = 8;
/**
 * A slot whose whole member was not the next line's this many times in a row is not remembered
 * whole for the next 1, 2, 4... 64 members: a line's time, a request's id or port never repeat,
 * and were each compared and kept again on every line.
 */
const MISSES_BEFORE_REST = 3;

/**
 * The members of one kind of object (a pino line's `req`, its request headers...) as a log
 * writes them, line after line: the same keys in nearly the same order, many with the value the
 * line before had. Each key seen gets a slot, which remembers its bytes `"key":`, the key the
 * line before had after it, and the last RECENT string values it held, as bytes `"value"` (and,
 * where the reader keeps them, their strings). A member is then read as one or two comparisons
 * of remembered bytes with the line's, eight bytes at a time (see byte-words-compare.ts), in
 * place of a scan of every byte to the closing quote and a look-up of the key.
 *
 * Only bytes that were read as a string of printable ASCII without escapes are remembered, so a
 * match is exactly that string: it holds no quote but its last, no backslash, no control byte.
 */
export class RememberedMembers {
  private readonly keyWords = new Float64Array(MAX_SLOTS * KEY_WORDS);
  private readonly keyLengths = new Int32Array(MAX_SLOTS);
  /** By slot, the reader's index of its key (-1 for a key it passes over). */
  private readonly known = new Int8Array(MAX_SLOTS);
  private readonly nextSlot = new Int8Array(MAX_SLOTS).fill(-1);
  private firstSlot = -1;
  private slots = 0;
  private readonly valueWords = new Float64Array(MAX_SLOTS * RECENT * VALUE_WORDS);
  private readonly valueLengths = new Int32Array(MAX_SLOTS * RECENT).fill(-1);
  private readonly valueStrings: string[] = new Array<string>(MAX_SLOTS * RECENT).fill("");
  /** By slot, its newest value, from 0 to RECENT - 1. */
  private readonly newest = new Int32Array(MAX_SLOTS);
  /** By slot, its last whole member as bytes (-1 for none), and its value as the reader read it. */
  private readonly memberWords = new Float64Array(MAX_SLOTS * MEMBER_WORDS);
  private readonly memberLengths = new Int32Array(MAX_SLOTS).fill(-1);
  private readonly memberValueEnds = new Int32Array(MAX_SLOTS);
  private readonly memberValues: unknown[] = new Array<unknown>(MAX_SLOTS).fill(undefined);
  /** By slot, how many of its members in a row were not its last whole member, and for how many more it is not remembered whole. */
  private readonly misses = new Int32Array(MAX_SLOTS);
  private readonly resting = new Int32Array(MAX_SLOTS);

  /** The slot expected after the member of slot `previous` (-1: at the first member), or -1. */
  expected(previous: number): number {
    return previous === -1 ? this.firstSlot : this.nextSlot[previous]!;
  }

  /**
   * Whether the bytes from `p` are the last whole member of `slot` before `end`: `"key":value`,
   * with the byte after it where the value is a number or a literal (so that it cannot go on).
   */
  hasMemberAt(slot: number, view: DataView, p: number, end: number): boolean {
    const length = this.memberLengths[slot]!;
    if (length > 0 && p + length <= end && matchesWords(view, p, length, this.memberWords, slot * MEMBER_WORDS)) {
      this.misses[slot] = 0;
      return true;
    }
    return false;
  }

  /** Where the value of the last whole member of `slot` ends, from the member's start. */
  memberValueEnd(slot: number): number {
    return this.memberValueEnds[slot]!;
  }

  /** The value of the last whole member of `slot`. */
  memberValue(slot: number): unknown {
    return this.memberValues[slot];
  }

  /** Whether the member of `slot` just read is to be remembered whole: not while the slot rests (a call away from rememberMember, which readObject then inlines). */
  isAwake(slot: number): boolean {
    const resting = this.resting[slot]!;
    if (resting === 0) return true;
    this.resting[slot] = resting - 1;
    this.memberLengths[slot] = -1;
    return false;
  }

  /** Notes that the member of `slot` just read was not its last whole member (where one is remembered). */
  missed(slot: number): void {
    if (this.memberLengths[slot]! < 0) return;
    const misses = this.misses[slot]! + 1;
    this.misses[slot] = misses;
    if (misses >= MISSES_BEFORE_REST) this.resting[slot] = 1 << (misses - MISSES_BEFORE_REST < 6 ? misses - MISSES_BEFORE_REST : 6);
  }

  /**
   * Remembers the member of `slot` whose bytes are `view`'s [p, p + length), all printable
   * ASCII, its value ending at `valueEnd` from `p` and read as `value`.
   */
  rememberMember(slot: number, view: DataView, p: number, length: number, valueEnd: number, value: unknown): void {
    if (length > MAX_MEMBER_BYTES) {
      this.memberLengths[slot] = -1;
      return;
    }
    keepWords(view, p, length, this.memberWords, slot * MEMBER_WORDS);
    this.memberLengths[slot] = length;
    this.memberValueEnds[slot] = valueEnd;
    this.memberValues[slot] = value;
  }

  /** Whether the bytes from `p` are `"key":` of `slot`, with a byte after them before `end`. */
  hasKeyAt(slot: number, view: DataView, p: number, end: number): boolean {
    const length = this.keyLengths[slot]!;
    return p + length < end && matchesWords(view, p, length, this.keyWords, slot * KEY_WORDS);
  }

  /** The length of `"key":` of `slot`. */
  keyLength(slot: number): number {
    return this.keyLengths[slot]!;
  }

  /** The reader's index of the key of `slot`. */
  knownKey(slot: number): number {
    return this.known[slot]!;
  }

  /**
   * The slot of the key whose `"key":` is `view`'s bytes [p, p + length), a printable ASCII key
   * without escapes that the reader knows as `known` (-1 for none); a new slot for a key not seen
   * before; -1 for one too long to remember.
   */
  slotOf(view: DataView, p: number, length: number, known: number): number {
    if (length > MAX_KEY_BYTES) return -1;
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.keyLengths[slot] === length && matchesWords(view, p, length, this.keyWords, slot * KEY_WORDS)) return slot;
    }
    if (this.slots === MAX_SLOTS) {
      this.slots = 0;
      this.firstSlot = -1;
      this.nextSlot.fill(-1);
    }
    const slot = this.slots++;
    keepWords(view, p, length, this.keyWords, slot * KEY_WORDS);
    this.keyLengths[slot] = length;
    this.known[slot] = known;
    this.valueLengths.fill(-1, slot * RECENT, (slot + 1) * RECENT);
    this.memberLengths[slot] = -1;
    this.misses[slot] = 0;
    this.resting[slot] = 0;
    return slot;
  }

  /** Remembers that the member of `slot` (-1: none) followed that of `previous` (-1: it was the first). */
  follows(previous: number, slot: number): void {
    if (previous === -1) this.firstSlot = slot;
    else this.nextSlot[previous] = slot;
  }

  /** The entry of the remembered value of `slot` whose bytes `"value"` are at `p`, before `end`, or -1. */
  valueAt(slot: number, view: DataView, p: number, end: number): number {
    const first = slot * RECENT;
    const newest = this.newest[slot]!;
    for (let k = 0; k < RECENT; k++) {
      const entry = first + ((newest - k) & (RECENT - 1));
      const length = this.valueLengths[entry]!;
      if (length < 0) return -1;
      if (p + length <= end && matchesWords(view, p, length, this.valueWords, entry * VALUE_WORDS)) return entry;
    }
    return -1;
  }

  /** The length of `"value"` of an entry. */
  valueLength(entry: number): number {
    return this.valueLengths[entry]!;
  }

  /** The string kept with an entry. */
  valueString(entry: number): string {
    return this.valueStrings[entry]!;
  }

  /** Remembers `"value"`, `view`'s bytes [p, p + length), printable ASCII without escapes, as the newest value of `slot`, with its string. */
  remember(slot: number, view: DataView, p: number, length: number, value: string): void {
    if (length > MAX_VALUE_BYTES) return;
    const next = (this.newest[slot]! + 1) & (RECENT - 1);
    const entry = slot * RECENT + next;
    keepWords(view, p, length, this.valueWords, entry * VALUE_WORDS);
    this.valueLengths[entry] = length;
    this.valueStrings[entry] = value;
    this.newest[slot] = next;
  }
}
