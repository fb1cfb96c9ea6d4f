import { BlockStore, defineHidden, Residence } from "./block-store.js";
import { put, TimeColumn } from "./exact-columns.js";
import type { LoggedSession } from "./logged-session.js";
import type { ReleasedRequests } from "./released-requests.js";
import { countSessionBatches } from "./session-usage.js";
import type { WalkObserver } from "./walk-feed.js";

/** Sessions per block, as the session table's (logged-session.ts). */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;

/** A session's first request was told. */
const TOLD = 1;
/** A later request of it came from another client than its first. */
const OTHER_CLIENT = 2;
/** The initialize it had when its first request was told was in another batch or of another client than that request. */
const INITIALIZE_DIFFERS = 4;
/** It had an initialize when its first request was told (the slot's `initialize`). */
const INITIALIZED = 8;

/**
 * What decides each session's uses, by its ordinal, for sessions not in a slot (SessionUses): its
 * first request's row and client, flags, the initialize it had then, its latest request's batch,
 * how often the batch changed from one request to the next, and its requests' latest time. Some 12
 * bytes a session while the numbers fit their narrow columns (put and TimeColumn widen a block's
 * column past that); the blocks leave memory past a few (block-store.ts).
 */
class UsageBlock {
  /** Hidden, as a request block's (see records.ts). */
  declare readonly residence: Residence;
  /**
   * The first request's row, from the first one written in the block (`firstRowBase`), as the
   * initialize's: the request itself is read again (its batch and client) only when the session's
   * initialize was tied to it after (lateInitializes), where its batch had been kept for all.
   */
  firstRow: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  firstRowBase = -1;
  client: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  /** The initialize's row, from the first one written in the block (`initializeBase`). */
  initialize: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  initializeBase = -1;
  readonly flags = new Uint8Array(BLOCK_ROWS);
  lastBatch: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  batchChanges: Int8Array | Int16Array | Int32Array | Float64Array = new Int8Array(BLOCK_ROWS);
  readonly latestAt = new TimeColumn(BLOCK_ROWS);

  constructor() {
    defineHidden<UsageBlock>(this, "residence", new Residence());
  }
}

/** A UsageBlock's fields that hold its rows (bases stay: block-store.ts moves typed arrays). */
const COLUMNS = ["firstRow", "client", "initialize", "flags", "lastBatch", "batchChanges", "latestAt"] as const;

/** The hash's empty place. */
const EMPTY = -1;

/**
 * Each session's uses as the walk tells its requests: whether it was reused across batches (a use
 * in another batch, or by another client, than its first use: its initialize if it has one, else
 * its first request), in how many batches it was used, and its requests' latest time. Read from
 * every session's request rows after the fold, reuse alone was 371,000 sessions and 66,000 jumps
 * between the request table's blocks at 1 GiB, which held every block in memory; the report's
 * first 1,000 sessions, some used all along, read rows from all over the table.
 * A session's initialize may be tied to it after its first requests were told (an answer or a
 * session_created line logged later than the lags, a second initialize answered with its id): the
 * first request's row is kept, so that the initialize found at the end is compared with that
 * request's batch and client then, both rows read once (`lateInitializes`). A filtered timeline's are told every
 * request again (Tallies.replay), its kept sessions as the same ordinals, with all their requests:
 * the same answers for each.
 *
 * Where the state is kept: the sessions used lately in slots, wide numbers, found by ordinal in a
 * hash; the others in blocks by ordinal, which leave memory past a few. Kept by ordinal alone, it
 * grew with the log's sessions: 15.7 MiB at the 4 GiB events log's fold's end (1.5 million
 * sessions; a heap snapshot, bench/heap-retained.mjs), held to the report. Blocks by ordinal alone
 * would be read back over and over: the bench's persistent clients keep sessions alive from the
 * log's start to its end, so the live sessions lie in blocks all over (an LRU simulated on the
 * walk's requests, blocks of 4,096 sessions: 25,919 reads with 32 kept at 1 GiB, 128,323 at 2;
 * README, stop 33). A slot is taken at a session's first use and given back, its state written to
 * its block, when a slot is needed and it was not used since the clock last passed it (CLOCK, an
 * approximation of least recently used): a session lives in its slot while its client uses it, the
 * bench's 12,800 live at most, and leaves it once abandoned or ended. Which sessions are in slots
 * changes where the numbers are, never what they are.
 */
export class SessionUses implements WalkObserver {
  /** Slots at most: enough for every session alive at once on a busy server, some 1.5 MB. */
  static slotCount = 1 << 15;
  /** Blocks in memory at most: some 50 KB each. */
  static residentBlocks = 16;

  private readonly blocks: UsageBlock[] = [];
  declare private readonly store: BlockStore<UsageBlock>;
  /** How often an initialize was read at the end, not the one known when its session's first request was told. */
  lateInitializes = 0;

  /** Slot by ordinal: open addressing, linear probing; twice the slots, so probes stay short. */
  private readonly keys: Int32Array;
  private readonly places: Int32Array;
  private readonly mask: number;
  /** The hash's places are 2 ** (32 - shift): an ordinal's home is the top bits of its product with 2 ** 32 / φ. */
  private readonly shift: number;
  /** A slot's session; one more slot than the hash holds (`scratch`) takes a state read to answer a question. */
  private readonly ordinal: Int32Array;
  private readonly firstRow: Int32Array;
  private readonly client: Int32Array;
  private readonly initialize: Int32Array;
  private readonly flags: Uint8Array;
  private readonly lastBatch: Int32Array;
  private readonly batchChanges: Float64Array;
  private readonly latestAt: Float64Array;
  /** Whether the slot holds what its block does not; whether it was used since the clock passed it. */
  private readonly dirty: Uint8Array;
  private readonly used: Uint8Array;
  private readonly scratch: number;
  private taken = 0;
  private hand = 0;

  constructor(slots = SessionUses.slotCount, residentBlocks = SessionUses.residentBlocks) {
    defineHidden<SessionUses>(this, "store" as keyof SessionUses, new BlockStore<UsageBlock>(residentBlocks, COLUMNS, "the sessions' uses"));
    let bits = 1;
    while (1 << bits < 2 * slots) bits++;
    const places = 1 << bits;
    this.shift = 32 - bits;
    this.keys = new Int32Array(places).fill(EMPTY);
    this.places = new Int32Array(places);
    this.mask = places - 1;
    this.scratch = slots;
    this.ordinal = new Int32Array(slots + 1);
    this.firstRow = new Int32Array(slots + 1);
    this.client = new Int32Array(slots + 1);
    this.initialize = new Int32Array(slots + 1);
    this.flags = new Uint8Array(slots + 1);
    this.lastBatch = new Int32Array(slots + 1);
    this.batchChanges = new Float64Array(slots + 1);
    this.latestAt = new Float64Array(slots + 1);
    this.dirty = new Uint8Array(slots + 1);
    this.used = new Uint8Array(slots + 1);
  }

  requests({ length, sessions, batch, clientCode, at, rows }: ReleasedRequests) {
    for (let i = 0; i < length; i++) {
      const session = sessions[i]!;
      if (session !== null) this.use(session, rows[i]!, batch[i]!, clientCode[i]!, at[i]!);
    }
  }

  /** A request of `session` at `row`, in `batch`, from the client keyed by the string numbered `client`, sent at `at`. */
  private use(session: LoggedSession, row: number, batch: number, client: number, at: number) {
    const slot = this.slotOf(session.ordinal);
    this.dirty[slot] = 1;
    const flags = this.flags[slot]!;
    if (flags === 0) {
      this.firstRow[slot] = row;
      this.lastBatch[slot] = batch;
      this.client[slot] = client;
      this.latestAt[slot] = at;
      const initialize = session.createdByRow;
      let told = TOLD;
      if (initialize !== -1) {
        this.initialize[slot] = initialize;
        told |= INITIALIZED;
        // Read once, while its row is among the walk's newest: a session's first use follows its initialize closely.
        if (this.differs(session, initialize, batch, client)) told |= INITIALIZE_DIFFERS;
      }
      this.flags[slot] = told;
      return;
    }
    if (this.client[slot] !== client) this.flags[slot] = flags | OTHER_CLIENT;
    if (this.lastBatch[slot] !== batch) {
      this.lastBatch[slot] = batch;
      this.batchChanges[slot] = this.batchChanges[slot]! + 1;
    }
    // Math.max as the report's latest time took it: a time that is not a number stays so.
    this.latestAt[slot] = Math.max(this.latestAt[slot]!, at);
  }

  /** Every request was told: the slots' states go to their blocks, which the passes after the walk read in the sessions' order. */
  finish() {
    const taken: number[] = [];
    for (let slot = 0; slot < this.taken; slot++) if (this.dirty[slot] === 1) taken.push(slot);
    // By ordinal, so that each block is written once.
    taken.sort((a, b) => this.ordinal[a]! - this.ordinal[b]!);
    for (const slot of taken) this.writeBack(slot);
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** How many blocks were read back from the spill file: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
  }

  /** The slot holding the session `ordinal`'s state, read from its block or taken new when it has none. */
  private slotOf(ordinal: number): number {
    const found = this.find(ordinal);
    if (found !== EMPTY) {
      this.used[found] = 1;
      return found;
    }
    const slot = this.free();
    this.read(ordinal, slot);
    this.used[slot] = 1;
    let place = this.hash(ordinal);
    while (this.keys[place] !== EMPTY) place = (place + 1) & this.mask;
    this.keys[place] = ordinal;
    this.places[place] = slot;
    return slot;
  }

  /** The slot holding `ordinal`'s state, EMPTY for none. */
  private find(ordinal: number): number {
    const keys = this.keys;
    let place = this.hash(ordinal);
    for (let key = keys[place]!; key !== EMPTY; key = keys[place]!) {
      if (key === ordinal) return this.places[place]!;
      place = (place + 1) & this.mask;
    }
    return EMPTY;
  }

  private hash(ordinal: number): number {
    return Math.imul(ordinal, 0x9e3779b1) >>> this.shift;
  }

  /** A slot to take: a new one while some are left, else the first the clock finds unused since it last passed, its state written to its block. */
  private free(): number {
    if (this.taken < this.scratch) return this.taken++;
    const used = this.used;
    let hand = this.hand;
    while (used[hand] === 1) {
      used[hand] = 0;
      hand = hand + 1 === this.scratch ? 0 : hand + 1;
    }
    this.hand = hand + 1 === this.scratch ? 0 : hand + 1;
    if (this.dirty[hand] === 1) this.writeBack(hand);
    this.forget(this.ordinal[hand]!);
    return hand;
  }

  /** Takes `ordinal` out of the hash, moving back the keys after it that would no longer be found (linear probing's deletion). */
  private forget(ordinal: number) {
    const { keys, places, mask } = this;
    let hole = this.hash(ordinal);
    while (keys[hole] !== ordinal) hole = (hole + 1) & mask;
    for (let next = (hole + 1) & mask; keys[next] !== EMPTY; next = (next + 1) & mask) {
      const home = this.hash(keys[next]!);
      // Moved back unless its home lies after the hole, up to it (cyclically).
      if (hole <= next ? home > hole && home <= next : home > hole || home <= next) continue;
      keys[hole] = keys[next]!;
      places[hole] = places[next]!;
      hole = next;
    }
    keys[hole] = EMPTY;
  }

  /** The block holding `ordinal`'s state, made (with those before it) when `make`, undefined when there is none; in memory. */
  private blockOf(ordinal: number, make: boolean): UsageBlock | undefined {
    const index = ordinal >>> BLOCK_BITS;
    const blocks = this.blocks;
    if (index >= blocks.length) {
      if (!make) return undefined;
      while (blocks.length <= index) {
        const block = new UsageBlock();
        blocks.push(block);
        this.store.added(block);
      }
    }
    const block = blocks[index]!;
    if (this.store.current !== block) this.store.use(block);
    return block;
  }

  /** Reads `ordinal`'s state into `slot`: none (flags 0) when no request of it was told. */
  private read(ordinal: number, slot: number) {
    this.ordinal[slot] = ordinal;
    this.dirty[slot] = 0;
    const block = this.blockOf(ordinal, false);
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = block === undefined ? 0 : block.flags[r]!;
    this.flags[slot] = flags;
    this.batchChanges[slot] = 0;
    if (flags === 0) return;
    this.firstRow[slot] = block!.firstRowBase + block!.firstRow[r]!;
    this.client[slot] = block!.client[r]!;
    if ((flags & INITIALIZED) !== 0) this.initialize[slot] = block!.initializeBase + block!.initialize[r]!;
    this.lastBatch[slot] = block!.lastBatch[r]!;
    this.batchChanges[slot] = block!.batchChanges[r]!;
    this.latestAt[slot] = block!.latestAt.get(r);
  }

  /** Writes the slot's state to its session's block, which is old in the file from then on (block-store.ts). */
  private writeBack(slot: number) {
    const ordinal = this.ordinal[slot]!;
    const block = this.blockOf(ordinal, true)!;
    block.residence.dirty = true;
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = this.flags[slot]!;
    if (block.firstRowBase === -1) block.firstRowBase = this.firstRow[slot]!;
    block.firstRow = put(block.firstRow, r, this.firstRow[slot]! - block.firstRowBase);
    block.client = put(block.client, r, this.client[slot]!);
    if ((flags & INITIALIZED) !== 0) {
      if (block.initializeBase === -1) block.initializeBase = this.initialize[slot]!;
      block.initialize = put(block.initialize, r, this.initialize[slot]! - block.initializeBase);
    }
    block.flags[r] = flags;
    block.lastBatch = put(block.lastBatch, r, this.lastBatch[slot]!);
    block.batchChanges = put(block.batchChanges, r, this.batchChanges[slot]!);
    block.latestAt.set(r, this.latestAt[slot]!);
    this.dirty[slot] = 0;
  }

  /** The slot holding `session`'s state to answer a question: its own, else the scratch one, read from its block. */
  private stateOf({ ordinal }: LoggedSession): number {
    const found = this.find(ordinal);
    if (found !== EMPTY) return found;
    this.read(ordinal, this.scratch);
    return this.scratch;
  }

  /** Whether `session` was used in another batch or by another client than its first use; once the walk told every request. */
  isReused(session: LoggedSession): boolean {
    const slot = this.stateOf(session);
    const flags = this.flags[slot]!;
    // No request used it: nothing to reuse.
    if (flags === 0) return false;
    if ((flags & OTHER_CLIENT) !== 0 || this.batchChanges[slot] !== 0) return true;
    return this.initializeDiffers(session, slot);
  }

  /**
   * In how many batches (of the clients that sent them) its id was used, its initialize included.
   * One client's batch numbers only grow along the log, so counting changes counts batches; a
   * session whose requests came from several clients (rare, and odd) needs the set, read from its rows.
   */
  batchCount(session: LoggedSession): number {
    const slot = this.stateOf(session);
    const flags = this.flags[slot]!;
    if (flags === 0) return session.createdByRow !== -1 ? 1 : 0;
    if ((flags & OTHER_CLIENT) !== 0) return countSessionBatches(session);
    // An initialize of another client is a batch of its own; of the same one, a batch more unless the first request's.
    return 1 + this.batchChanges[slot]! + (this.initializeDiffers(session, slot) ? 1 : 0);
  }

  /** The latest time of its requests (as Math.max takes it), -Infinity for none. */
  latestRequestAt(session: LoggedSession): number {
    const slot = this.stateOf(session);
    return this.flags[slot] === 0 ? -Infinity : this.latestAt[slot]!;
  }

  /** Whether its initialize (if any) was in another batch or of another client than its first request, which was told (its state in `slot`). */
  private initializeDiffers(session: LoggedSession, slot: number): boolean {
    const initialize = session.createdByRow;
    if (initialize === -1) return false;
    const flags = this.flags[slot]!;
    if ((flags & INITIALIZED) !== 0 && this.initialize[slot] === initialize) return (flags & INITIALIZE_DIFFERS) !== 0;
    this.lateInitializes++;
    const first = this.firstRow[slot]!;
    const table = session.requestTable;
    return this.differs(session, initialize, table.batchOf(first), table.clientCodeOf(first));
  }

  private differs(session: LoggedSession, initialize: number, batch: number, client: number): boolean {
    const table = session.requestTable;
    return table.batchOf(initialize) !== batch || table.clientCodeOf(initialize) !== client;
  }
}
