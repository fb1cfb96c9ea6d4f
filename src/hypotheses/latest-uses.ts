import { BlockStore, defineHidden, Residence } from "../timeline/block-store.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { NamedWindow } from "../timeline/named-sessions.js";
import { isInt32Distance } from "../timeline/near-numbers.js";

/** Sessions per block of LatestUses. */
const LATEST_BLOCK_BITS = 12;
const LATEST_BLOCK_ROWS = 1 << LATEST_BLOCK_BITS;
const LATEST_BLOCK_MASK = LATEST_BLOCK_ROWS - 1;

/** In a block's distances, a session with no time yet (-Infinity): no distance written is this one. */
const NONE = -0x80000000;

/** The times of LATEST_BLOCK_ROWS sessions side by side, and what the block cannot hold while out of memory. */
class UseBlock {
  /** Hidden, as the store's other blocks' (see defineHidden). */
  declare readonly residence: Residence;
  /**
   * Int32 distances from `base`, which give every time back exactly while each is `base` plus a
   * whole distance within 2^31 ms (24 days); empty once one did not fit (a fraction, -0, NaN, a
   * time far from the first), the times then in `far`. The bench logs' times all fit: four bytes a
   * session where eight were.
   */
  near = new Int32Array(LATEST_BLOCK_ROWS).fill(NONE);
  far: Float64Array | null = null;
  /** A bit a session, set once its start was read into its time: a byte each was 0.7 MB at 2 GiB. */
  started = new Uint8Array(LATEST_BLOCK_ROWS >>> 3);
  /** The time the distances are from: NaN until a finite one is written. */
  base = Number.NaN;
  /** Uses while the block was out of memory: by session (its place in the block), the latest; taken in when it is read back. */
  late: Map<number, number> | null = null;
  /** The times of its sessions a loss named once the block had been out of memory, each as it is now (see LatestUses). */
  known: Map<number, number> | null = null;

  constructor() {
    defineHidden<UseBlock>(this, "residence", new Residence());
  }
}

const COLUMNS = ["near", "far", "started"] as const;

/**
 * By session ordinal, the latest time of its uses folded and, once a loss named it, of its start;
 * -Infinity for none (Math.max leaves any time as it is, -0 and NaN too). The start is read when a
 * loss first names the session (a session is named at 8.6 losses on average at 1 GiB, and reading
 * its start at each was 150 ms): after that, only a claim that the sweep counts as a late fact moves
 * it (ReinitializationSweep.movedStart and owned: the loss's client, or the owner it had, sent an
 * initialize after the new start).
 *
 * In blocks of 4,096 sessions, of which `residentBlocks` stay in memory (block-store.ts): four bytes
 * a session ever made were 14.4 MiB at the 8 GiB events log's walk's end (heap snapshot), the
 * largest thing there that grew with the log. The uses and the names mostly go to the sessions made
 * last; the rest, by the 4 GiB logs' 6.5 and 4.3 million uses and 3.6 and 2.2 million names (a
 * trace of each, an LRU simulated on it, 32 blocks kept):
 * - a use of a session whose block is out of memory (580,000 and 930,000, of 2,700 and 3,800
 *   sessions kept alive for hours) is kept beside the block (`late`), a Max of each session's, and
 *   taken in when the block is read back;
 * - a loss of the pino log names sessions left long ago, and some many times: read back at each
 *   name, their blocks were read 28,823 times; each such session's time is kept beside its block
 *   (`known`) once read, and kept up at each use: measured, the pino log reads 1,680 blocks back
 *   and keeps 5,949 sessions' times so. The events log's losses read none back.
 * Math.max over a session's times gives the same whatever their order, so the time read is the
 * one kept in a single column.
 */
export class LatestUses {
  /** Blocks kept in memory: some 530 KB. */
  static residentBlocks = 32;

  declare private readonly store: BlockStore<UseBlock>;
  declare private readonly blocks: UseBlock[];
  /** The latest of the times, NaN left out: -Infinity for none. */
  latest = -Infinity;

  constructor(residentBlocks = LatestUses.residentBlocks) {
    defineHidden<LatestUses>(this, "store" as keyof LatestUses, new BlockStore<UseBlock>(residentBlocks, COLUMNS, "the sessions' latest uses"));
    defineHidden<LatestUses>(this, "blocks" as keyof LatestUses, []);
  }

  /** The latest of the kth named session's uses folded and its start: found by its ordinal, the session read only for its start. */
  ofNamed(named: NamedWindow, k: number): number {
    const ordinal = named.positionAt(k);
    const block = this.reach(ordinal);
    const i = ordinal & LATEST_BLOCK_MASK;
    const known = block.known;
    if (known !== null) {
      const time = known.get(i);
      if (time !== undefined) return time;
    }
    this.use(block);
    const started = block.started;
    const bit = 1 << (i & 7);
    if ((started[i >>> 3]! & bit) === 0) {
      const start = (named.sessionAt(k) as LoggedSession).startAt;
      write(block, i, Math.max(read(block, i), start));
      started[i >>> 3] = started[i >>> 3]! | bit;
      block.residence.dirty = true;
      if (start > this.latest) this.latest = start;
    }
    const time = read(block, i);
    // Its block was out of memory once, and may be again when the session is named next.
    if (block.residence.layout !== null) (block.known ??= new Map()).set(i, time);
    return time;
  }

  /** A use of the session at `at`. */
  raise(ordinal: number, at: number) {
    const block = this.reach(ordinal);
    const i = ordinal & LATEST_BLOCK_MASK;
    if (at > this.latest) this.latest = at;
    const known = block.known;
    if (known !== null) {
      const time = known.get(i);
      if (time !== undefined) known.set(i, Math.max(time, at));
    }
    if (block.residence.resident) {
      if (this.store.current !== block) this.store.use(block);
      raiseIn(block, i, at);
      return;
    }
    const late = (block.late ??= new Map());
    const time = late.get(i);
    late.set(i, time === undefined ? at : Math.max(time, at));
  }

  /** How many blocks were read back: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** Makes the block resident, the uses kept beside it while it was out taken in. */
  private use(block: UseBlock) {
    if (this.store.current === block) return;
    const wasOut = !block.residence.resident;
    this.store.use(block);
    if (!wasOut || block.late === null) return;
    for (const [i, at] of block.late) raiseIn(block, i, at);
    block.late = null;
  }

  /** The block of the session's (made when new, with those before it). */
  private reach(ordinal: number): UseBlock {
    const b = ordinal >>> LATEST_BLOCK_BITS;
    const blocks = this.blocks;
    while (blocks.length <= b) {
      const block = new UseBlock();
      blocks.push(block);
      this.store.added(block);
    }
    return blocks[b]!;
  }
}

/** The block's ith session's time raised to `at`; the block in memory. */
function raiseIn(block: UseBlock, i: number, at: number) {
  const far = block.far;
  if (far !== null) far[i] = Math.max(far[i]!, at);
  else write(block, i, Math.max(read(block, i), at));
  block.residence.dirty = true;
}

/** The time of the block's ith session. */
function read(block: UseBlock, i: number): number {
  const far = block.far;
  if (far !== null) return far[i]!;
  const distance = block.near[i]!;
  return distance === NONE ? -Infinity : block.base + distance;
}

/** Puts `time` as the block's ith session's, as a distance when that gives it back, else in the block's Float64Array. */
function write(block: UseBlock, i: number, time: number) {
  const far = block.far;
  if (far !== null) {
    far[i] = time;
    return;
  }
  if (time === -Infinity) {
    block.near[i] = NONE;
    return;
  }
  let base = block.base;
  if (base !== base && Number.isFinite(time)) block.base = base = time;
  const distance = time - base;
  if (distance !== NONE && isInt32Distance(base, time)) {
    block.near[i] = distance;
    return;
  }
  widen(block)[i] = time;
}

/** The block's times themselves, each read from its distance; its distances let go (an empty array of its own, as the store frees each block's arrays). */
function widen(block: UseBlock): Float64Array {
  const far = new Float64Array(LATEST_BLOCK_ROWS);
  for (let i = 0; i < LATEST_BLOCK_ROWS; i++) far[i] = read(block, i);
  block.far = far;
  block.near = new Int32Array(0);
  return far;
}
