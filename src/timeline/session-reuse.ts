import { put } from "./exact-columns.js";
import type { LoggedSession } from "./logged-session.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/** Sessions per block, as the session table's (logged-session.ts). */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;

/** A session's first request was told. */
const TOLD = 1;
/** A later request of it came in another batch or from another client than its first. */
const REQUESTS_DIFFER = 2;
/** The initialize it had when its first request was told was in another batch or of another client than that request. */
const INITIALIZE_DIFFERS = 4;

/**
 * What decides each session's reuse, by its ordinal: its first request's batch and client, whether
 * every other request matched them, and the initialize it had then (its row plus one, 0 for none)
 * and whether that matched too. 10 bytes a session while batches and client keys' numbers fit two
 * bytes each (put widens a block's column past that).
 */
class UsageBlock {
  batch: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  client: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS);
  readonly initializeRow = new Int32Array(BLOCK_ROWS);
  readonly flags = new Uint8Array(BLOCK_ROWS);
}

/**
 * Which sessions were reused across batches (a use in another batch, or by another client, than
 * the session's first use: its initialize if it has one, else its first request), decided as the
 * walk tells the requests, not from every session's request rows after the fold (371,000 sessions
 * and 66,000 jumps between the request table's blocks at 1 GiB, which held every block in memory).
 * A session's initialize may be tied to it after its first requests were told (an answer or a
 * session_created line logged later than the lags): the first request's batch and client are kept,
 * so that the initialize found at the end is compared with them then, its row read once
 * (`lateInitializes`). A filtered timeline's are told every request again (Tallies.replay), its
 * kept sessions as the same objects, with all their requests: the same answer for each.
 */
export class SessionReuse implements WalkObserver {
  private readonly blocks: UsageBlock[] = [];
  /** Sessions whose initialize at the end was not the one known when their first request was told: its row was read then. */
  lateInitializes = 0;

  request(request: LoggedRequest, _client: number, _kept: boolean, session: LoggedSession | null) {
    if (session === null) return;
    const { ordinal } = session;
    const blocks = this.blocks;
    while (blocks.length <= ordinal >>> BLOCK_BITS) blocks.push(new UsageBlock());
    const block = blocks[ordinal >>> BLOCK_BITS]!;
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = block.flags[r]!;
    const batch = request.batch;
    const client = request.clientCode;
    if (flags === 0) {
      block.batch = put(block.batch, r, batch);
      block.client = put(block.client, r, client);
      const initialize = session.createdByRow;
      let told = TOLD;
      if (initialize !== -1) {
        block.initializeRow[r] = initialize + 1;
        // Read once, while its row is among the walk's newest: a session's first use follows its initialize closely.
        const table = session.requestTable;
        if (table.batchOf(initialize) !== batch || table.clientCodeOf(initialize) !== client) told |= INITIALIZE_DIFFERS;
      }
      block.flags[r] = told;
    } else if ((flags & REQUESTS_DIFFER) === 0 && (block.batch[r] !== batch || block.client[r] !== client)) {
      block.flags[r] = flags | REQUESTS_DIFFER;
    }
  }

  /** Whether `session` was used in another batch or by another client than its first use; once the walk told every request. */
  isReused(session: LoggedSession): boolean {
    const { ordinal } = session;
    const block = this.blocks[ordinal >>> BLOCK_BITS];
    const r = ordinal & (BLOCK_ROWS - 1);
    const flags = block === undefined ? 0 : block.flags[r]!;
    // No request used it: nothing to reuse, as isReusedAcrossBatches says.
    if (flags === 0) return false;
    if ((flags & REQUESTS_DIFFER) !== 0) return true;
    const initialize = session.createdByRow;
    if (initialize === -1) return false;
    if (initialize + 1 === block!.initializeRow[r]) return (flags & INITIALIZE_DIFFERS) !== 0;
    this.lateInitializes++;
    const table = session.requestTable;
    return table.batchOf(initialize) !== block!.batch[r] || table.clientCodeOf(initialize) !== block!.client[r];
  }
}
