import { BlockStore, defineHidden, Residence } from "./block-store.js";
import { ClockSlots } from "./clock-slots.js";
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
/** It had an initialize when its first request was told (the slot's INITIALIZE). */
const INITIALIZED = 8;
/** A slot's state is not in its block (beside the flags in a slot, never in a block). */
const DIRTY = 256;

/** A slot's fields: Int32s at these offsets of its STRIDE, the latest time a Float64 in the last two. */
const FIRST_ROW = 0;
const CLIENT = 1;
const INITIALIZE = 2;
const LAST_BATCH = 3;
const FLAGS = 4;
const BATCH_CHANGES = 5;
const STRIDE = 8;

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
 * Where the state is kept: the sessions used lately in slots, wide numbers (clock-slots.ts); the
 * others in blocks by ordinal, which leave memory past a few. Kept by ordinal alone, it
 * grew with the log's sessions: 15.7 MiB at the 4 GiB events log's fold's end (1.5 million
 * sessions; a heap snapshot, bench/heap-retained.mjs), held to the report. Blocks by ordinal alone
 * would be read back over and over: the bench's persistent clients keep sessions alive from the
 * log's start to its end, so the live sessions lie in blocks all over (an LRU simulated on the
 * walk's requests, blocks of 4,096 sessions: 25,919 reads with 32 kept at 1 GiB, 128,323 at 2;
 * README, stop 33). A slot is taken at a session's first use and given back, its state written to
 * its block, once the clock finds it unused: a session lives in its slot while its client uses it,
 * the bench's 12,800 live at most, and leaves it once abandoned or ended. Which sessions are in slots
 * changes where the numbers are, never what they are.
 */
export class SessionUses implements WalkObserver {
  /** Slots at most: enough for every session alive at once on a busy server, some 1.7 MB with their hash. */
  static slotCount = 1 << 15;
  /** Blocks in memory at most: some 50 KB each. */
  static residentBlocks = 16;

  private readonly blocks: UsageBlock[] = [];
  declare private readonly store: BlockStore<UsageBlock>;
  /** How often an initialize was read at the end, not the one known when its session's first request was told. */
  lateInitializes = 0;

  /**
   * Which sessions have slots (clock-slots.ts); one more slot (`scratch`) takes a state read to
   * answer a question. Hidden (defineHidden), as the store is: a question changes them, and at the
   * walk's end (finish) every state is in the blocks.
   */
  declare private readonly slots: ClockSlots;
  /**
   * The slots' states, STRIDE numbers a slot (its fields at the offsets below), the latest time a
   * Float64 in the same 32 bytes (`times`, at 4 × slot + 3), so a use reads one cache line. The
   * profile could not tell it from a column a field: slotOf and use 243 ms self against 248 at 1 GiB
   * (node --cpu-prof, one run each).
   */
  declare private readonly state: Int32Array;
  declare private readonly times: Float64Array;
  private readonly scratch: number;
  /** Writes a slot's state to its block before the slot is reused: a function of this instance's, hidden as the slots are. */
  declare private readonly giveBack: (slot: number) => void;

  /** A Tally: made with no arguments (walk-feed.ts), its sizes read from the statics, which tests set. */
  constructor() {
    const slots = SessionUses.slotCount;
    defineHidden<SessionUses>(this, "store" as keyof SessionUses, new BlockStore<UsageBlock>(SessionUses.residentBlocks, COLUMNS, "the sessions' uses"));
    defineHidden<SessionUses>(this, "slots" as keyof SessionUses, new ClockSlots(slots));
    this.scratch = slots;
    const buffer = new ArrayBuffer((slots + 1) * STRIDE * 4);
    defineHidden<SessionUses>(this, "state" as keyof SessionUses, new Int32Array(buffer));
    defineHidden<SessionUses>(this, "times" as keyof SessionUses, new Float64Array(buffer));
    defineHidden<SessionUses>(this, "giveBack" as keyof SessionUses, (slot: number) => {
      if ((this.state[slot * STRIDE + FLAGS]! & DIRTY) !== 0) this.writeBack(slot, this.slots.keyOf(slot));
    });
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
    const state = this.state;
    const b = slot * STRIDE;
    const flags = state[b + FLAGS]! & ~DIRTY;
    if (flags === 0) {
      state[b + FIRST_ROW] = row;
      state[b + LAST_BATCH] = batch;
      state[b + CLIENT] = client;
      state[b + BATCH_CHANGES] = 0;
      this.times[4 * slot + 3] = at;
      const initialize = session.createdByRow;
      let told = TOLD;
      if (initialize !== -1) {
        state[b + INITIALIZE] = initialize;
        told |= INITIALIZED;
        // Read once, while its row is among the walk's newest: a session's first use follows its initialize closely.
        if (this.differs(session, initialize, batch, client)) told |= INITIALIZE_DIFFERS;
      }
      state[b + FLAGS] = told | DIRTY;
      return;
    }
    state[b + FLAGS] = (state[b + CLIENT] !== client ? flags | OTHER_CLIENT : flags) | DIRTY;
    if (state[b + LAST_BATCH] !== batch) {
      state[b + LAST_BATCH] = batch;
      state[b + BATCH_CHANGES]!++;
    }
    // Math.max as the report's latest time took it: a time that is not a number stays so.
    this.times[4 * slot + 3] = Math.max(this.times[4 * slot + 3]!, at);
  }

  /** Every request was told: the slots' states go to their blocks, which the passes after the walk read in the sessions' order. */
  finish() {
    const { slots } = this;
    const dirty: number[] = [];
    for (let slot = 0; slot < slots.taken; slot++) if ((this.state[slot * STRIDE + FLAGS]! & DIRTY) !== 0) dirty.push(slot);
    // By ordinal, so that each block is written once.
    dirty.sort((a, b) => slots.keyOf(a) - slots.keyOf(b));
    for (const slot of dirty) this.writeBack(slot, slots.keyOf(slot));
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
    const found = this.slots.find(ordinal);
    if (found !== -1) return found;
    const slot = this.slots.take(ordinal, this.giveBack);
    this.read(ordinal, slot);
    return slot;
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
    const state = this.state;
    const b = slot * STRIDE;
    const block = this.blockOf(ordinal, false);
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = block === undefined ? 0 : block.flags[r]!;
    state[b + FLAGS] = flags;
    if (flags === 0) return;
    state[b + FIRST_ROW] = block!.firstRowBase + block!.firstRow[r]!;
    state[b + CLIENT] = block!.client[r]!;
    if ((flags & INITIALIZED) !== 0) state[b + INITIALIZE] = block!.initializeBase + block!.initialize[r]!;
    state[b + LAST_BATCH] = block!.lastBatch[r]!;
    state[b + BATCH_CHANGES] = block!.batchChanges[r]!;
    this.times[4 * slot + 3] = block!.latestAt.get(r);
  }

  /** Writes the slot's state to the block of its session, `ordinal`, which is old in the file from then on (block-store.ts). */
  private writeBack(slot: number, ordinal: number) {
    const state = this.state;
    const b = slot * STRIDE;
    const block = this.blockOf(ordinal, true)!;
    block.residence.dirty = true;
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = state[b + FLAGS]! & ~DIRTY;
    if (block.firstRowBase === -1) block.firstRowBase = state[b + FIRST_ROW]!;
    block.firstRow = put(block.firstRow, r, state[b + FIRST_ROW]! - block.firstRowBase);
    block.client = put(block.client, r, state[b + CLIENT]!);
    if ((flags & INITIALIZED) !== 0) {
      if (block.initializeBase === -1) block.initializeBase = state[b + INITIALIZE]!;
      block.initialize = put(block.initialize, r, state[b + INITIALIZE]! - block.initializeBase);
    }
    block.flags[r] = flags;
    block.lastBatch = put(block.lastBatch, r, state[b + LAST_BATCH]!);
    block.batchChanges = put(block.batchChanges, r, state[b + BATCH_CHANGES]!);
    block.latestAt.set(r, this.times[4 * slot + 3]!);
    state[b + FLAGS] = flags;
  }

  /** The slot holding `session`'s state to answer a question: its own, else the scratch one, read from its block. */
  private stateOf({ ordinal }: LoggedSession): number {
    const found = this.slots.find(ordinal);
    if (found !== -1) return found;
    this.read(ordinal, this.scratch);
    return this.scratch;
  }

  /** Whether `session` was used in another batch or by another client than its first use; once the walk told every request. */
  isReused(session: LoggedSession): boolean {
    const slot = this.stateOf(session);
    const flags = this.flagsAt(slot);
    // No request used it: nothing to reuse.
    if (flags === 0) return false;
    if ((flags & OTHER_CLIENT) !== 0 || this.state[slot * STRIDE + BATCH_CHANGES] !== 0) return true;
    return this.initializeDiffers(session, slot);
  }

  /**
   * In how many batches (of the clients that sent them) its id was used, its initialize included.
   * One client's batch numbers only grow along the log, so counting changes counts batches; a
   * session whose requests came from several clients (rare, and odd) needs the set, read from its rows.
   */
  batchCount(session: LoggedSession): number {
    const slot = this.stateOf(session);
    const flags = this.flagsAt(slot);
    if (flags === 0) return session.createdByRow !== -1 ? 1 : 0;
    if ((flags & OTHER_CLIENT) !== 0) return countSessionBatches(session);
    // An initialize of another client is a batch of its own; of the same one, a batch more unless the first request's.
    return 1 + this.state[slot * STRIDE + BATCH_CHANGES]! + (this.initializeDiffers(session, slot) ? 1 : 0);
  }

  /** The latest time of its requests (as Math.max takes it), -Infinity for none. */
  latestRequestAt(session: LoggedSession): number {
    const slot = this.stateOf(session);
    return this.flagsAt(slot) === 0 ? -Infinity : this.times[4 * slot + 3]!;
  }

  private flagsAt(slot: number): number {
    return this.state[slot * STRIDE + FLAGS]! & ~DIRTY;
  }

  /** Whether its initialize (if any) was in another batch or of another client than its first request, which was told (its state in `slot`). */
  private initializeDiffers(session: LoggedSession, slot: number): boolean {
    const initialize = session.createdByRow;
    if (initialize === -1) return false;
    const flags = this.flagsAt(slot);
    if ((flags & INITIALIZED) !== 0 && this.state[slot * STRIDE + INITIALIZE] === initialize) return (flags & INITIALIZE_DIFFERS) !== 0;
    this.lateInitializes++;
    const first = this.state[slot * STRIDE + FIRST_ROW]!;
    const table = session.requestTable;
    return this.differs(session, initialize, table.batchOf(first), table.clientCodeOf(first));
  }

  private differs(session: LoggedSession, initialize: number, batch: number, client: number): boolean {
    const table = session.requestTable;
    return table.batchOf(initialize) !== batch || table.clientCodeOf(initialize) !== client;
  }
}
