import { withRoomFor } from "../grown-column.js";
import { uuidOf, writeUuidWords } from "../input/uuid-words.js";
import { BlockStore, defineHidden, Residence, SingleReads } from "./block-store.js";
import { AgedIds } from "./aged-ids.js";
import { ClockSlots } from "./clock-slots.js";
import { IdFilter } from "./id-filter.js";
import { hashOf, hashOfWords } from "./string-hash.js";

/**
 * One copy of each distinct string, and a number for it. JSON.parse makes a new string for every
 * value of every line, so a session id used by a thousand requests (and their responses) was held
 * a thousand times; the model keeps one. The strings grow with distinct values (sessions, methods),
 * not with lines; the lookup table, with the ids of the last two generations only (see age). The
 * numbers let a column of a typed array hold a string (records.ts).
 *
 * The lookup table is open addressing in one Int32Array, not a Map: nearly every string asked is
 * new to the engine (a batch's strings come cloned from the reading thread, see BatchLookups), so
 * its hash is computed anyway, and a Map then reads each entry of the hash's chain (a string
 * elsewhere in the heap, a cache miss at 371,000 ids) and, for a new id, looks it up a second
 * time to add it. Here a slot holds the number and a tag of the hash in one Int32 (see `slots`): a
 * new id costs one slot read when its slot is empty, and a string is compared only when the tags
 * are equal.
 * 1 GiB events log, main thread (node --cpu-prof): the batches' lookups were 2,500 ms of 40.5 s
 * sampled (6.2%) in the Map, Interner.code 3.2% of the samples with this table.
 *
 * A session id that is a lower-case canonical UUID is kept as its four words (uuid-words.ts), its
 * string made when asked: at 1 GiB the 371,304 ids' strings were 20.8 MB of V8's heap, the words
 * are 5.9 MB. Its hash is the words' (hashOfWords), so reading its digits replaces hashing its
 * characters. This pays only where no reader asks for every id's string and keeps it. A batch
 * sends its session ids that are UUIDs as their words (PACKED.UUID): codeOfUuid and findAllUuids
 * take them as they come.
 */
export class Interner {
  /** Blocks of UUID words in memory at most: 64 KiB each. */
  static residentBlocks = 16;
  /** Ids whose words are kept in slots while their block is out of memory: more than a busy server keeps alive at once (0.5 MB). */
  static recentIds = 1 << 15;
  /** Numbers a generation (see age), as a power of two: 2^18, 262,144 ids, some 10 hours of the bench's log. */
  static generationBits = 18;
  /**
   * By number, in blocks of STRING_ROWS: the string, or undefined for a UUID, kept as words in
   * `uuids`. A block is made where a string other than a UUID lands: the clients' keys and the
   * methods come early in a log, and after them nearly every new string is a session id, so at 2
   * GiB (825,000 numbers, 3,500 of them not UUIDs, all in the first 30 blocks) an array with a
   * slot for every number held 6.6 MB of heap for the UUIDs' undefined.
   */
  private readonly strings: ((string | undefined)[] | undefined)[] = [];
  /**
   * The hashes of `strings`, block for block, for the table's growth (see grow): made again from
   * the strings, they cost a read of each string, wherever the heap put it. A log of 371,304 session
   * ids that are not UUIDs (/tmp/s30/slots-bench/bench-str.mjs): 220 ms of lookups with the hashes
   * kept in the slots, 280 with them made again, and as fast kept here.
   */
  private readonly stringHashes: (Int32Array | undefined)[] = [];
  /** How many strings have a number. */
  private count = 0;
  /**
   * The UUIDs' words, number c's at `4 * (c & UUID_MASK)` of block `c >>> UUID_BITS` (none for the
   * blocks where no UUID landed): blocks, not an array doubled, which held up to twice the words and
   * was copied at each growth. 16 bytes a session id, they grew with the log's sessions (23 MiB at
   * the 4 GiB events log's fold's end, 1.5 million ids; a heap snapshot, bench/heap-retained.mjs):
   * past `residentBlocks`, the least recently used leave memory (block-store.ts). A lookup that
   * finds an id compares its words, and the ids a busy server's clients use lie in blocks all over
   * (sessions kept alive from the log's start): an id's words in a block out of memory are read
   * from the file alone and kept in a slot while used (IdReads), so a block is not read back at
   * each request. But sessions end (and their ids are looked up) in about the order they were made:
   * a block whose ids are read one by one WHOLE_BLOCK_MISSES times is read back whole.
   */
  private readonly uuids: (UuidBlock | undefined)[] = [];
  declare private readonly store: BlockStore<UuidBlock>;
  /** What reading the ids changes (see IdReads), out of sight of a frozen timeline and of a deep comparison (defineHidden), as the store is. */
  declare private readonly reads: IdReads;

  /** The words of the string code() looks up, when a UUID. */
  private readonly asked = new Int32Array(4);
  /**
   * Slot i: 0 for empty, else the string's number plus one in the bits of `entries` and, above
   * them, its hash's bits above the mask (a tag); null once sealed. The table grows when MAX_LOAD
   * full, so a number plus one stays below the slots' count, in the mask's bits. A tag
   * is only a filter, as the whole hash was: equality is decided by the string or the words. What it
   * tells beyond the slot's index are the hash's bits above the mask, one fewer at each doubling: 12
   * at 2^20 slots (825,000 strings, the 2 GiB events log), 5 at 2^27 (100 million sessions), where one
   * occupied slot in 32 passes the filter and costs a comparison. A slot was two Int32s, number and
   * hash: 16 MB at the 2 GiB log's fold's end, and 8 + 16 while it grew the last time. It holds
   * the numbers of the last two generations (see age), and of the older ones' strings that are not
   * UUIDs and ids found again lately (`exceptions`). Number c of the generations is held as
   * `c - youngFrom + 1`; exception x as `mask - x`, from the top down: the table grows before the
   * two meet.
   */
  private slots: Int32Array | null = new Int32Array(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** The bits of a slot that hold a number plus one: the mask's. */
  private entries = this.mask;
  /** The first number of the generations in the table; those below are in `aged`, or are exceptions. */
  private youngFrom = 0;
  /**
   * Numbers below `youngFrom` in the table: first the `keptOld` strings that are not UUIDs (never
   * aged: the clients' keys, the methods, ids of another shape), then old UUIDs found again since
   * the last generation aged (dropped at the next: `aged` has them). Their hashes beside them, as
   * the table's growth needs them: an old id's words may be out of memory.
   */
  private exceptions = new Int32Array(64);
  private exceptionHashes = new Int32Array(64);
  private exceptionCount = 0;
  private keptOld = 0;
  /** The aged generations' tables and the filter in front of them; null until a generation ages. */
  private aged: AgedIds | null = null;
  private filter: IdFilter | null = null;
  /** Numbers a generation. */
  private readonly generation = 1 << Interner.generationBits;
  /** False once a generation was found to hold too many strings that are not UUIDs to age (see age). */
  private ages = true;
  /** holdsUuid, as the aged tables ask it; hidden, as `store` is (a function is never deeply equal to another). */
  declare private readonly holds: (code: number, words: Int32Array, at: number) => boolean;
  /** findAll's hashes of the strings it looks up, and their words where UUIDs (`isUuid`). */
  private hashes = new Int32Array(1024);
  private words = new Int32Array(4 * 1024);
  private isUuid = new Uint8Array(1024);
  /** findAll's strings held at the first slot of each string it looks up (which their hashes match). */
  private readonly held: string[] = [];
  /** What findAll's first passes read, kept so that their reads are not dropped as unused. */
  private touched = 0;

  constructor() {
    defineHidden<Interner>(this, "store" as keyof Interner, new BlockStore<UuidBlock>(Interner.residentBlocks, ["words"], "the session ids"));
    defineHidden<Interner>(this, "reads" as keyof Interner, new IdReads(Interner.recentIds));
    defineHidden<Interner>(this, "holds" as keyof Interner, (code: number, words: Int32Array, at: number) => this.holdsUuid(code, words, at));
  }

  /** How many ids' words were read from the file alone (wordsOf): for tests and measures. */
  get idsReadBack(): number {
    return this.reads.idsReadBack;
  }

  /** The string's number: NULL_CODE for null, ABSENT_CODE for undefined. */
  code(value: string | null | undefined): number {
    if (typeof value !== "string") return value === null ? NULL_CODE : ABSENT_CODE;
    const asked = this.asked;
    const isUuid = writeUuidWords(value, asked, 0);
    const hash = isUuid ? hashOfWords(asked, 0) : hashOf(value);
    // A UUID is kept as its words, asked for as undefined (see probe and add).
    const kept = isUuid ? undefined : value;
    const found = this.probe(hash, kept, asked, 0);
    if (found >= 0) return found;
    const old = isUuid ? this.findAged(hash, asked, 0) : -1;
    return old >= 0 ? this.foundAgain(old, hash, ~found) : this.add(kept, hash, ~found, asked, 0);
  }

  /** code() of the UUID whose words are at `words[at]` (uuid-words.ts), as a batch sends a session id (PACKED.UUID): its string is not made. */
  codeOfUuid(words: Int32Array, at: number): number {
    const hash = hashOfWords(words, at);
    const found = this.probe(hash, undefined, words, at);
    if (found >= 0) return found;
    const old = this.findAged(hash, words, at);
    return old >= 0 ? this.foundAgain(old, hash, ~found) : this.add(undefined, hash, ~found, words, at);
  }

  /**
   * The number of the string hashed `hash` (undefined: the UUID whose words are at `words[at]`, as
   * add takes it), or ~i for the empty slot i where it would go: a slot's tag filters, the string
   * or the words decide.
   */
  private probe(hash: number, value: string | undefined, words: Int32Array, at: number): number {
    const slots = this.slots!;
    const mask = this.mask;
    const entries = this.entries;
    const tag = hash & ~entries;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = slots[i]!;
      if (slot === 0) return ~i;
      if ((slot & ~entries) !== tag) continue;
      // Decoded only past the tag: an exception's number is an array read.
      const code = this.codeIn(slot & entries);
      if (value === undefined ? this.holdsUuid(code, words, at) : this.stringAt(code) === value) return code;
    }
  }

  /** The number an entry of the table holds (see `slots`). */
  private codeIn(entry: number): number {
    return entry <= this.count - this.youngFrom ? this.youngFrom + entry - 1 : this.exceptions[this.mask - entry]!;
  }

  /** The number of the UUID whose words are at `words[at]` (hashed `hash`) when an aged generation has it, else -1. */
  private findAged(hash: number, words: Int32Array, at: number): number {
    if (this.filter === null || !this.filter.mayHold(hash, words, at)) return -1;
    return this.aged!.find(hash, words, at, this.holds);
  }

  /** The aged id numbered `code`, found again: put in the table at the empty slot `i`, as an exception, so that its next lookups find it there. */
  private foundAgain(code: number, hash: number, i: number): number {
    const x = this.addException(code, hash);
    if (this.isFull()) this.rebuild(2 * (this.mask + 1));
    else this.slots![i] = (hash & ~this.entries) | (this.mask - x);
    return code;
  }

  /** Adds `code`, hashed `hash`, to the exceptions; its index among them. */
  private addException(code: number, hash: number): number {
    const x = this.exceptionCount++;
    if (x === this.exceptions.length) {
      this.exceptions = withRoomFor(this.exceptions, x);
      this.exceptionHashes = withRoomFor(this.exceptionHashes, x);
    }
    this.exceptions[x] = code;
    this.exceptionHashes[x] = hash;
    return x;
  }

  /** Whether the table holds more than MAX_LOAD of its slots: it grows then. */
  private isFull(): boolean {
    return this.count - this.youngFrom + this.exceptionCount > MAX_LOAD * (this.mask + 1);
  }

  /** Whether the string numbered `code` is the UUID whose words are at `words[at]`. */
  private holdsUuid(code: number, words: Int32Array, at: number): boolean {
    if (this.stringAt(code) !== undefined) return false;
    const held = this.wordsOf(code);
    const k = this.reads.wordsAt;
    return held[k] === words[at] && held[k + 1] === words[at + 1] && held[k + 2] === words[at + 2] && held[k + 3] === words[at + 3];
  }

  /**
   * The array holding the words of the UUID numbered `code`, at `wordsAt`: its block while in
   * memory, else its slot of IdReads.recent, read there from the file (or from its block read back).
   */
  private wordsOf(code: number): Int32Array {
    const reads = this.reads;
    const index = code >>> UUID_BITS;
    const block = this.uuids[index]!;
    if (block.words !== null) {
      reads.wordsAt = 4 * (code & UUID_MASK);
      return block.words;
    }
    let slot = reads.recent.find(code);
    if (slot === -1) {
      // Words never change once added: a slot given back has nothing to write.
      slot = reads.recent.take(code, keepNothing);
      if (reads.misses.readAlone(index)) {
        this.store.readSpilled(block, "words", 16 * (code & UUID_MASK), 16, reads.peeked.buffer);
        reads.recentWords.set(reads.peeked, 4 * slot);
        reads.idsReadBack++;
      } else {
        this.store.use(block);
        reads.recentWords.set(block.words!.subarray(4 * (code & UUID_MASK), 4 * (code & UUID_MASK) + 4), 4 * slot);
      }
    }
    reads.wordsAt = 4 * slot;
    return reads.recentWords;
  }

  /**
   * The numbers of the strings already held among `values[indexes[k]]` (k < count), written at
   * their indexes of `codes`; the others' entries are left as they are, to be added by code in the
   * order the fold first uses them. At 1 GiB, where the reading thread's stream of bytes keeps
   * pushing the table out of the caches, code was 422 ms of the main thread (node --cpu-prof): a
   * slot read, then for an id held already its string, each a miss that nothing overlapped, since
   * the fold's work on an event came between two lookups. Here each pass over a batch's ids makes
   * reads independent of each other (the first slots, then the strings they point at), so the
   * processor overlaps their misses, and the lookups proper find both in the caches.
   */
  findAll(values: readonly string[], indexes: Int32Array, count: number, codes: Int32Array) {
    const slots = this.slots!;
    const mask = this.mask;
    const entries = this.entries;
    if (this.hashes.length < count) {
      this.hashes = new Int32Array(Math.max(count, 2 * this.hashes.length));
      this.words = new Int32Array(4 * this.hashes.length);
      this.isUuid = new Uint8Array(this.hashes.length);
    }
    const { hashes, words, isUuid, uuids } = this;
    for (let k = 0; k < count; k++) {
      const value = values[indexes[k]!]!;
      isUuid[k] = writeUuidWords(value, words, 4 * k) ? 1 : 0;
      hashes[k] = isUuid[k] === 1 ? hashOfWords(words, 4 * k) : hashOf(value);
    }
    // Kept in `touched` so that the compiler does not drop the reads.
    let touched = 0;
    for (let k = 0; k < count; k++) touched |= slots[hashes[k]! & mask]!;
    const held = this.held;
    for (let k = 0; k < count; k++) {
      const slot = slots[hashes[k]! & mask]!;
      const entry = slot & entries;
      const found = slot !== 0 && ((slot ^ hashes[k]!) & ~entries) === 0;
      const code = found ? this.codeIn(entry) : 0;
      held[k] = found ? (this.stringAt(code) ?? "") : "";
      if (found && isUuid[k] === 1) touched |= uuids[code >>> UUID_BITS]?.words?.[4 * (code & UUID_MASK)] ?? 0;
    }
    for (let k = 0; k < count; k++) touched |= held[k]!.length;
    for (let k = 0; k < count; k++) {
      const found = this.probe(hashes[k]!, isUuid[k] === 1 ? undefined : values[indexes[k]!]!, words, 4 * k);
      if (found >= 0) codes[indexes[k]!] = found;
    }
    this.touched = touched;
  }

  /**
   * As findAll, for the `count` UUIDs whose words are at `words[4k]` (a batch's, see PACKED.UUID):
   * writes the numbers of those held already at `codes[k]`, leaves the others' as they are. Their
   * words come with the batch, so only the table and the held words are read, in passes as findAll's.
   */
  findAllUuids(words: Int32Array, count: number, codes: Int32Array) {
    const slots = this.slots!;
    const mask = this.mask;
    const entries = this.entries;
    if (this.hashes.length < count) this.hashes = new Int32Array(Math.max(count, 2 * this.hashes.length));
    const { hashes, uuids, filter } = this;
    for (let k = 0; k < count; k++) hashes[k] = hashOfWords(words, 4 * k);
    // Kept in `touched` so that the compiler does not drop the reads.
    let touched = 0;
    for (let k = 0; k < count; k++) touched |= slots[hashes[k]! & mask]!;
    for (let k = 0; k < count; k++) {
      const slot = slots[hashes[k]! & mask]!;
      const entry = slot & entries;
      if (slot !== 0 && ((slot ^ hashes[k]!) & ~entries) === 0) {
        const code = this.codeIn(entry);
        touched |= uuids[code >>> UUID_BITS]?.words?.[4 * (code & UUID_MASK)] ?? 0;
      } else if (slot === 0 && filter !== null) {
        // Not in the table: codeOfUuid will ask the filter.
        touched |= filter.touch(hashes[k]!);
      }
    }
    for (let k = 0; k < count; k++) {
      const found = this.probe(hashes[k]!, undefined, words, 4 * k);
      if (found >= 0) codes[k] = found;
    }
    this.touched = touched;
  }

  /**
   * No string is added once the timeline is built, and the lookup table goes: it was 1.9 MB of the
   * 100 MiB bench log's timeline (a slot and a hash entry per distinct session id), and it is
   * what would grow most with a longer log's sessions. Only the numbers' strings are kept.
   */
  seal() {
    this.slots = null;
    this.aged = null;
    this.filter = null;
    this.exceptions = this.exceptionHashes = new Int32Array(0);
    this.exceptionCount = this.keptOld = 0;
    // Only growth reads them: 4 bytes a string where the ids are not UUIDs.
    this.stringHashes.length = 0;
  }

  string(code: number): string | null | undefined {
    if (code < 0) return code === NULL_CODE ? null : undefined;
    const string = this.stringAt(code);
    if (string !== undefined) return string;
    const words = this.wordsOf(code);
    return uuidOf(words, this.reads.wordsAt);
  }

  /** Whether the string numbered `code` is "", without making it (a UUID is not). */
  isEmpty(code: number): boolean {
    return this.stringAt(code) === "";
  }

  /** The string numbered `code`, or undefined for a UUID. */
  private stringAt(code: number): string | undefined {
    const block = this.strings[code >>> STRING_BITS];
    return block === undefined ? undefined : block[code & STRING_MASK];
  }

  /**
   * A new string at the empty slot `i` (undefined: the UUID whose words are at `words[at]`); the
   * table doubles once half full, so a probe meets an empty slot soon.
   */
  private add(value: string | undefined, hash: number, i: number, words: Int32Array, at: number): number {
    const code = this.count++;
    if (value !== undefined) {
      (this.strings[code >>> STRING_BITS] ??= new Array<string | undefined>(STRING_ROWS).fill(undefined))[code & STRING_MASK] = value;
      (this.stringHashes[code >>> STRING_BITS] ??= new Int32Array(STRING_ROWS))[code & STRING_MASK] = hash;
    } else {
      // A block only where a UUID lands: a log whose ids are not UUIDs has none.
      // The block numbers are added to is the store's last, which stays in memory.
      const block = (this.uuids[code >>> UUID_BITS] ??= this.newBlock()).words!;
      const k = 4 * (code & UUID_MASK);
      block[k] = words[at]!;
      block[k + 1] = words[at + 1]!;
      block[k + 2] = words[at + 2]!;
      block[k + 3] = words[at + 3]!;
    }
    // Grown first, as its slot may move.
    if (this.isFull()) this.rebuild(2 * (this.mask + 1));
    else this.slots![i] = (hash & ~this.entries) | (code + 1 - this.youngFrom);
    if (this.count - this.youngFrom === 2 * this.generation && this.ages) this.age();
    return code;
  }

  /**
   * A table of `size` slots for the generations' numbers and the exceptions (see `slots`): the
   * table's growth, and its making again as a generation ages. A slot keeps only its hash's top
   * bits, and a probe may have put it past its first slot, so each number's hash is read in
   * `stringHashes` or made again from its words, in the numbers' order (blocks read one after
   * another). The old table is not read: it goes before the new one is made, or is cleared and
   * made again in place when of the same size (a generation aged), as garbage of 4 MiB an aging
   * would wait for a full collection.
   */
  private rebuild(size: number) {
    const mask = size - 1;
    const entries = mask;
    const old = this.slots;
    this.slots = null;
    const slots = old !== null && old.length === size ? old.fill(0) : new Int32Array(size);
    const put = (hash: number, entry: number) => {
      let i = hash & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = (hash & ~entries) | entry;
    };
    for (let code = this.youngFrom; code < this.count; code++) put(this.hashAt(code), code - this.youngFrom + 1);
    for (let x = 0; x < this.exceptionCount; x++) put(this.exceptionHashes[x]!, mask - x);
    this.mask = mask;
    this.entries = entries;
    this.slots = slots;
  }

  /** The hash of the string numbered `code`: kept, or made again from its words (a block out of memory read back whole: numbers are asked in order). */
  private hashAt(code: number): number {
    if (this.stringAt(code) !== undefined) return this.stringHashes[code >>> STRING_BITS]![code & STRING_MASK]!;
    const block = this.uuids[code >>> UUID_BITS]!;
    if (block.words === null) this.store.use(block);
    return hashOfWords(block.words!, 4 * (code & UUID_MASK));
  }

  /**
   * The oldest generation in the table leaves it, once there are two: its UUIDs go to a table of
   * their own, in the file (aged-ids.ts), and to the filter in front of the aged tables; its other
   * strings stay, as exceptions, and so the table holds two generations at most, and its size no
   * longer grows with the log's ids: 2^20 slots, 4 MiB, where the 16 GiB events log's 5.9 million
   * ids took 2^23, 32 MiB, and would have taken 64 past 6,710,886 ids. What the aged ids cost
   * memory is the filter's: 1.5 bytes an id at its capacity, 3 just after it is made again
   * (id-filter.ts).
   */
  private age() {
    const from = this.youngFrom;
    const to = from + this.generation;
    // Strings that are not UUIDs stay in the table, and are put in it again at each aging: where
    // they are many (a server whose session ids are not UUIDs), aging would only add that work
    // (3 million such ids: 11.1 s and 376 MB of peak, where the table alone took 9.4 s and 329).
    // Their table grows as it did before generations, from this one on.
    let others = 0;
    for (let code = from; code < to; code++) if (this.stringAt(code) !== undefined) others++;
    if (others > this.generation * MAX_OTHERS) {
      this.ages = false;
      return;
    }
    const aged = (this.aged ??= new AgedIds(2 * this.generation));
    this.refilter(to);
    const filter = this.filter!;
    // The ids found again are dropped: the aged tables have them.
    this.exceptionCount = this.keptOld;
    const table = aged.newTable(from);
    for (let code = from; code < to; code++) {
      if (this.stringAt(code) !== undefined) this.addException(code, this.hashAt(code));
      else table.add(code, this.filtered(filter, code));
    }
    this.keptOld = this.exceptionCount;
    aged.keep(table);
    this.youngFrom = to;
    this.rebuild(this.mask + 1);
  }

  /**
   * A filter with room for `ids` aged ids, made anew, twice as large, from the aged ids' words
   * when the one there has not: the words are read in the numbers' order, the blocks out of memory
   * read back whole. Making it again costs reading every aged id's words, each time it doubles.
   */
  private refilter(ids: number) {
    const capacity = this.filter?.capacity ?? 0;
    if (capacity >= ids) return;
    this.filter = null;
    const filter = new IdFilter(Math.max(ids, 2 * capacity));
    for (let code = 0; code < this.youngFrom; code++) if (this.stringAt(code) === undefined) this.filtered(filter, code);
    this.filter = filter;
  }

  /** Adds the UUID numbered `code` to `filter`; its hash. hashAt leaves its block in memory, so its words are read there. */
  private filtered(filter: IdFilter, code: number): number {
    const hash = this.hashAt(code);
    filter.add(hash, this.uuids[code >>> UUID_BITS]!.words!, 4 * (code & UUID_MASK));
    return hash;
  }

  private newBlock(): UuidBlock {
    const block = new UuidBlock();
    this.store.added(block);
    return block;
  }

  /** How many generations aged: for tests and measures. */
  get agedTables(): number {
    return this.aged?.tables ?? 0;
  }

  /** How many slots of the aged tables were read from the file: for tests and measures. */
  get agedSlotReads(): number {
    return this.aged?.slotReads ?? 0;
  }

  /** How many blocks of UUID words are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** How many blocks of UUID words were read back: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
  }
}

/** A block of UUID words (see Interner.uuids): `words` is null while out of memory. */
class UuidBlock {
  /** Hidden, as a request block's (see records.ts). */
  declare readonly residence: Residence;
  words: Int32Array | null = new Int32Array(4 << UUID_BITS);

  constructor() {
    defineHidden<UuidBlock>(this, "residence", new Residence());
  }
}

/**
 * What reading ids changes: the ids whose block is out of memory, lately compared, and their words
 * by slot, 4 a slot (`recent`, `recentWords`); where wordsOf's id is in the array it returned; by
 * block, the ids read from the file alone since the block was last read back whole.
 */
class IdReads {
  readonly recent: ClockSlots;
  readonly recentWords: Int32Array;
  readonly peeked = new Int32Array(4);
  wordsAt = 0;
  readonly misses = new SingleReads(WHOLE_BLOCK_MISSES);
  idsReadBack = 0;

  constructor(slots: number) {
    this.recent = new ClockSlots(slots);
    this.recentWords = new Int32Array(4 * slots);
  }
}

function keepNothing() {}

/**
 * Ids read from the file alone before their block is read back whole. 4 GiB events log's fold:
 * each id read alone, 1.2 million reads (every session_closed line's id, in about the order the
 * sessions were made); each block read back whole at its first miss, 11,447 reads of 64 KiB (16
 * blocks kept), where each read back served about one id in the slots.
 */
const WHOLE_BLOCK_MISSES = 8;

export const NULL_CODE = -1;
export const ABSENT_CODE = -2;

const FIRST_SLOTS = 1024;
/**
 * How full the table may get before it doubles. At half, as it was, the 2 GiB events log's 825,000
 * strings took 2^21 slots (8 MB at the fold's end, the run's peak); at 0.8 they take 2^20. Linear
 * probing then reads some 3 slots for a string held and 13 for a new one (Knuth) when nearly that
 * full, mostly in one cache line, and the smaller table misses the caches less: the interner
 * micro-bench (/tmp/s30/slots-bench/bench.mjs, 2 alternating runs of 9) at 830,000 ids, 0.79 full,
 * 176-334 ms against 212-456 at half; at 371,304 (the 1 GiB log), 63-118 against 61-140.
 */
const MAX_LOAD = 0.8;
/**
 * The share of a generation's strings that may be other than UUIDs for it to age: at most 1/16, so
 * that the strings kept in the table, put in it again at each aging, are at most a sixteenth of the
 * ids aged (the 2 GiB events log: 3,500 of its 825,000 strings are not UUIDs, all in its first 30
 * blocks).
 */
const MAX_OTHERS = 1 / 16;
/** Strings per block of UUID words (64 KiB). */
const UUID_BITS = 12;
const UUID_MASK = (1 << UUID_BITS) - 1;
/** Numbers per block of strings (8 KiB of pointers). */
const STRING_BITS = 10;
const STRING_ROWS = 1 << STRING_BITS;
const STRING_MASK = STRING_ROWS - 1;
