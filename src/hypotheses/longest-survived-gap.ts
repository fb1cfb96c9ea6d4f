import { NearNumbers } from "../timeline/near-numbers.js";
import type { UsesBySession } from "./uses-by-session.js";

/** The longest gap a session survived: its place in the timeline's sessions, the row of the use that ended the gap, and the gap. */
export interface SurvivedGap {
  readonly place: number;
  readonly row: number;
  readonly idleMs: number;
}

/**
 * Rows gathered at a time: a power of two no larger than the RequestTable's blocks (16,384 rows),
 * so that a gathering's rows lie in one block.
 */
const CHUNK_BITS = 12;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;
const NONE = -1;

/**
 * Sessions a pass takes at most: the pass keeps 16 bytes a session, and the sessions past these
 * wait for the next pass, which reads the table's rows in order again from their first chunk. All
 * at once, the 3 GiB events log's 1.1 million sessions took 13 MB here, in the hypotheses, the
 * run's peak (250 MiB by the phase marks of /tmp/s32/mkinstr.sh, where the rules took 239). A
 * group's sessions were made one after another, so their uses lie mostly in the same stretch of
 * rows: the passes together read little more of the table than one.
 */
export const SESSIONS_PER_PASS = 1 << 18;

/**
 * The longest gap after which a session was used again (since its previous use or its start). Of
 * equals, the first in the timeline's session order, then the first use, as the model reads.
 *
 * Read in row order: the table's blocks past the first 16 wait in a file (block-store.ts), and read
 * session by session, the uses' times read blocks back 105,689 times at 1 GiB (each a quarter of a
 * megabyte) against some 123 so. The rows are put in order without a list of them: each session
 * waits on the chunk of rows holding its next use (a list through `nextWaiting`), and a chunk's
 * rows are spread by place over CHUNK_ROWS slots, then read in order. 16 bytes a session (4 MiB
 * for a pass of SESSIONS_PER_PASS), for the time of this pass; a session of each row was 8 MB at
 * 1 GiB (2.0 M rows).
 *
 * The order of the reads leaves the answer as it was: times are finite (parse-timestamp.ts), so
 * every gap compares with every other, and the longest, first by place then by row (a session's
 * rows ascend with its uses), is one whatever order the gaps are met in.
 */
export function longestSurvivedGap(uses: UsesBySession, sessionsPerPass = SESSIONS_PER_PASS, placesPerPass = uses.placesPerPass): SurvivedGap | null {
  let best: SurvivedGap | null = null;
  const room = new PassRoom(Math.min(uses.length, sessionsPerPass), Math.ceil(uses.table.length / CHUNK_ROWS));
  // The passes go up by place: an equal gap of a later pass is of a later place, and loses.
  for (let from = 0; from < uses.length; ) {
    const to = passEnd(uses, from, sessionsPerPass, placesPerPass);
    const gap = longestInPass(uses, from, to, room);
    if (gap !== null && (best === null || gap.idleMs > best.idleMs)) best = gap;
    from = to;
  }
  return best;
}

/**
 * Where the pass from session `from` ends: at `sessionsPerPass` sessions, or before the session
 * whose uses would take the pass' over `placesPerPass` places of the lists (one session at least).
 * A pass reads its sessions' uses chunk by chunk of rows, so in no order of their places: kept to
 * the blocks of places the lists keep in memory (PackedRowBlocks.placesPerPass), it reads each back
 * once; over them, once a chunk.
 */
function passEnd(uses: UsesBySession, from: number, sessionsPerPass: number, placesPerPass: number): number {
  const last = Math.min(uses.length, from + sessionsPerPass);
  let first = uses.firstUse(from);
  let end = uses.endOfUses(from);
  let to = from + 1;
  for (; to < last; to++) {
    const low = Math.min(first, uses.firstUse(to));
    const high = Math.max(end, uses.endOfUses(to));
    if (high - low > placesPerPass) break;
    first = low;
    end = high;
  }
  return to;
}

/**
 * A pass's arrays, made once for every pass: made anew, each pass left 3 MB of garbage that the
 * hypotheses' peak held (the 4 GiB events log's 1.5 million sessions in 6 passes: its array
 * buffers 63 → 80 MB over this hypothesis, by the phase marks).
 */
class PassRoom {
  /** The first session waiting on each chunk of rows, by the chunk's number; NONE for none. */
  readonly waiting: Int32Array;
  /** By place less the pass's first: the next session waiting on the same chunk. */
  readonly nextWaiting: Int32Array;
  /** By place less the pass's first: its next use. */
  readonly nextUse: Int32Array;
  /**
   * By place less the pass's first: past its last use, read once, in order. Read as the chunks
   * come, the places' order is not theirs, and the lists' starts (NearInts, two blocks of 65,536
   * in memory) were read back past their store's bound, every block then kept: 11 MiB at the 16
   * GiB events log's hypotheses, the run's peak (a heap snapshot; 757 reads of 23 blocks at 4 GiB).
   */
  readonly endOfUses: Int32Array;
  /**
   * Each session's start, then its latest use read: four bytes each where they fit (NearNumbers),
   * 2.8 of the 2 GiB events log's 11.2 MB here when one pass took every session.
   */
  readonly previous: NearNumbers;
  /** A chunk's rows spread by slot: the place of each row's session, NONE for a row of none. */
  readonly placeOfSlot = new Int32Array(CHUNK_ROWS).fill(NONE);

  constructor(sessions: number, chunks: number) {
    this.waiting = new Int32Array(chunks);
    this.nextWaiting = new Int32Array(sessions);
    this.nextUse = new Int32Array(sessions);
    this.endOfUses = new Int32Array(sessions);
    this.previous = new NearNumbers(sessions);
  }
}

/** As longestSurvivedGap, of the sessions at places `from` to `to` (excluded). */
function longestInPass(uses: UsesBySession, from: number, to: number, room: PassRoom): SurvivedGap | null {
  const { table } = uses;
  const { waiting, nextWaiting, nextUse, endOfUses, previous, placeOfSlot } = room;
  // A chunk's list is read, not emptied, as the pass goes: every chunk's is emptied for the next.
  waiting.fill(NONE);
  previous.clear();
  const wait = (place: number, row: number) => {
    const chunk = row >>> CHUNK_BITS;
    nextWaiting[place - from] = waiting[chunk]!;
    waiting[chunk] = place;
  };
  for (let i = from; i < to; i++) {
    previous.push(uses.startAtOf(i));
    const use = uses.firstUse(i);
    nextUse[i - from] = use;
    endOfUses[i - from] = uses.endOfUses(i);
    if (use < endOfUses[i - from]!) wait(i, uses.rowOf(use));
  }
  let bestPlace = NONE;
  let bestRow = NONE;
  let bestIdleMs = -Infinity;
  for (let chunk = 0; chunk < waiting.length; chunk++) {
    // A session waits on a later chunk than this one once its rows in this one are spread.
    for (let place = waiting[chunk]!; place !== NONE; ) {
      const after = nextWaiting[place - from]!;
      const end = endOfUses[place - from]!;
      let use = nextUse[place - from]!;
      for (let row = uses.rowOf(use); row >>> CHUNK_BITS === chunk; row = uses.rowOf(use)) {
        placeOfSlot[row & CHUNK_MASK] = place;
        if (++use === end) break;
      }
      nextUse[place - from] = use;
      if (use < end) wait(place, uses.rowOf(use));
      place = after;
    }
    const base = chunk << CHUNK_BITS;
    for (let slot = 0; slot < CHUNK_ROWS; slot++) {
      const place = placeOfSlot[slot]!;
      if (place === NONE) continue;
      placeOfSlot[slot] = NONE;
      const row = base + slot;
      const at = table.atOf(row);
      const idleMs = at - previous.get(place - from);
      previous.set(place - from, at);
      // A session's rows come in order: its first of equal gaps is met first.
      if (bestPlace === NONE || idleMs > bestIdleMs || (idleMs === bestIdleMs && place < bestPlace)) {
        bestPlace = place;
        bestRow = row;
        bestIdleMs = idleMs;
      }
    }
  }
  return bestPlace === NONE ? null : { place: bestPlace, row: bestRow, idleMs: bestIdleMs };
}
