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
/** It had an initialize when its first request was told (UsageBlock.initialize). */
const INITIALIZED = 8;

/** A block's first clients and latest batches once every request was told (SessionUses.finish). */
const TOLD_ALL = new Int16Array(0);

/**
 * What decides each session's uses, by its ordinal: its first request's row and client, flags,
 * the initialize it had then, its latest request's batch, how often the batch changed from one
 * request to the next, and its requests' latest time. 12 bytes a session while the numbers fit
 * their narrow columns (put and TimeColumn widen a block's column past that): at 1 GiB, 5.0 MiB
 * (/tmp/s25/colsize.mjs), the latest times 4 bytes each; 8 bytes a session once every request was
 * told (SessionUses.finish), 3.6 MiB.
 */
class UsageBlock {
  /**
   * The first request's row, from the first one noted in the block (`firstRowBase`), as the
   * initialize's: the request itself is read again (its batch and client) only when the session's
   * initialize was tied to it after (lateInitializes), where its batch had been kept for all.
   */
  firstRow: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  firstRowBase = -1;
  client: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  /**
   * The initialize's row, from the first one noted in the block (`initializeBase`): a block's
   * sessions were made one after another, their initializes some 22,000 rows apart at most at 1 GiB.
   */
  initialize: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  initializeBase = -1;
  readonly flags = new Uint8Array(BLOCK_ROWS);
  lastBatch: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  batchChanges: Int8Array | Int16Array | Int32Array | Float64Array = new Int8Array(BLOCK_ROWS);
  readonly latestAt = new TimeColumn(BLOCK_ROWS);
}

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
 */
export class SessionUses implements WalkObserver {
  private readonly blocks: UsageBlock[] = [];
  /** How often an initialize was read at the end, not the one known when its session's first request was told. */
  lateInitializes = 0;

  requests({ length, sessions, batch, clientCode, at, rows }: ReleasedRequests) {
    for (let i = 0; i < length; i++) {
      const session = sessions[i]!;
      if (session !== null) this.use(session, rows[i]!, batch[i]!, clientCode[i]!, at[i]!);
    }
  }

  /** A request of `session` at `row`, in `batch`, from the client keyed by the string numbered `client`, sent at `at`. */
  private use(session: LoggedSession, row: number, batch: number, client: number, at: number) {
    const { ordinal } = session;
    const blocks = this.blocks;
    while (blocks.length <= ordinal >>> BLOCK_BITS) blocks.push(new UsageBlock());
    const block = blocks[ordinal >>> BLOCK_BITS]!;
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = block.flags[r]!;
    if (flags === 0) {
      if (block.firstRowBase === -1) block.firstRowBase = row;
      block.firstRow = put(block.firstRow, r, row - block.firstRowBase);
      block.lastBatch = put(block.lastBatch, r, batch);
      block.client = put(block.client, r, client);
      block.latestAt.set(r, at);
      const initialize = session.createdByRow;
      let told = TOLD;
      if (initialize !== -1) {
        if (block.initializeBase === -1) block.initializeBase = initialize;
        block.initialize = put(block.initialize, r, initialize - block.initializeBase);
        told |= INITIALIZED;
        // Read once, while its row is among the walk's newest: a session's first use follows its initialize closely.
        if (this.differs(session, initialize, batch, client)) told |= INITIALIZE_DIFFERS;
      }
      block.flags[r] = told;
      return;
    }
    if (block.client[r] !== client) block.flags[r] = flags | OTHER_CLIENT;
    if (block.lastBatch[r] !== batch) {
      block.lastBatch = put(block.lastBatch, r, batch);
      block.batchChanges = put(block.batchChanges, r, block.batchChanges[r]! + 1);
    }
    // Math.max as the report's latest time took it: a time that is not a number stays so.
    const latest = block.latestAt.get(r);
    const later = Math.max(latest, at);
    if (!Object.is(later, latest)) block.latestAt.set(r, later);
  }

  /**
   * Every request was told: the first clients and latest batches, which only a later request
   * compares with, are let go before the report (1.4 MB at 1 GiB, 2.8 at 2).
   */
  finish() {
    for (const block of this.blocks) {
      block.client = TOLD_ALL;
      block.lastBatch = TOLD_ALL;
    }
  }

  /** Whether `session` was used in another batch or by another client than its first use; once the walk told every request. */
  isReused(session: LoggedSession): boolean {
    const flags = this.flagsOf(session);
    // No request used it: nothing to reuse.
    if (flags === 0) return false;
    const { ordinal } = session;
    if ((flags & OTHER_CLIENT) !== 0 || this.blocks[ordinal >>> BLOCK_BITS]!.batchChanges[ordinal & (BLOCK_ROWS - 1)] !== 0) return true;
    return this.initializeDiffers(session, flags);
  }

  /**
   * In how many batches (of the clients that sent them) its id was used, its initialize included.
   * One client's batch numbers only grow along the log, so counting changes counts batches; a
   * session whose requests came from several clients (rare, and odd) needs the set, read from its rows.
   */
  batchCount(session: LoggedSession): number {
    const flags = this.flagsOf(session);
    if (flags === 0) return session.createdByRow !== -1 ? 1 : 0;
    if ((flags & OTHER_CLIENT) !== 0) return countSessionBatches(session);
    const { ordinal } = session;
    // An initialize of another client is a batch of its own; of the same one, a batch more unless the first request's.
    return 1 + this.blocks[ordinal >>> BLOCK_BITS]!.batchChanges[ordinal & (BLOCK_ROWS - 1)]! + (this.initializeDiffers(session, flags) ? 1 : 0);
  }

  /** The latest time of its requests (as Math.max takes it), -Infinity for none. */
  latestRequestAt(session: LoggedSession): number {
    const { ordinal } = session;
    return this.flagsOf(session) === 0 ? -Infinity : this.blocks[ordinal >>> BLOCK_BITS]!.latestAt.get(ordinal & (BLOCK_ROWS - 1));
  }

  /** 0 for a session none of whose requests was told. */
  private flagsOf({ ordinal }: LoggedSession): number {
    const block = this.blocks[ordinal >>> BLOCK_BITS];
    return block === undefined ? 0 : block.flags[ordinal & (BLOCK_ROWS - 1)]!;
  }

  /** Whether its initialize (if any) was in another batch or of another client than its first request, which was told. */
  private initializeDiffers(session: LoggedSession, flags: number): boolean {
    const initialize = session.createdByRow;
    if (initialize === -1) return false;
    const { ordinal } = session;
    const block = this.blocks[ordinal >>> BLOCK_BITS]!;
    const r = ordinal & (BLOCK_ROWS - 1);
    if ((flags & INITIALIZED) !== 0 && block.initializeBase + block.initialize[r]! === initialize) return (flags & INITIALIZE_DIFFERS) !== 0;
    this.lateInitializes++;
    const first = block.firstRowBase + block.firstRow[r]!;
    const table = session.requestTable;
    return this.differs(session, initialize, table.batchOf(first), table.clientCodeOf(first));
  }

  private differs(session: LoggedSession, initialize: number, batch: number, client: number): boolean {
    const table = session.requestTable;
    return table.batchOf(initialize) !== batch || table.clientCodeOf(initialize) !== client;
  }
}
