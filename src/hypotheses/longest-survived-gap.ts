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
 * The longest gap after which a session was used again (since its previous use or its start). Of
 * equals, the first in the timeline's session order, then the first use, as the model reads.
 *
 * Read in row order: the table's blocks past the first 16 wait in a file (block-store.ts), and read
 * session by session, the uses' times read blocks back 105,689 times at 1 GiB (each a quarter of a
 * megabyte) against some 123 so. The rows are put in order without a list of them: each session
 * waits on the chunk of rows holding its next use (a list through `nextWaiting`), and a chunk's
 * rows are spread by place over CHUNK_ROWS slots, then read in order. 12 bytes a session (4.5 MB
 * at 1 GiB, 371,304 sessions), for the time of this pass; a session of each row was 8 MB (2.0 M rows).
 *
 * The order of the reads leaves the answer as it was: times are finite (parse-timestamp.ts), so
 * every gap compares with every other, and the longest, first by place then by row (a session's
 * rows ascend with its uses), is one whatever order the gaps are met in.
 */
export function longestSurvivedGap(uses: UsesBySession): SurvivedGap | null {
  const { table, length } = uses;
  const waiting = new Int32Array(Math.ceil(table.length / CHUNK_ROWS)).fill(NONE);
  const nextWaiting = new Int32Array(length);
  const nextUse = new Int32Array(length);
  // Each session's start, then its latest use read: four bytes each where they fit (NearNumbers),
  // 2.8 of the 2 GiB events log's 11.2 MB here.
  const previous = new NearNumbers(length);
  const wait = (place: number, row: number) => {
    const chunk = row >>> CHUNK_BITS;
    nextWaiting[place] = waiting[chunk]!;
    waiting[chunk] = place;
  };
  for (let i = 0; i < length; i++) {
    previous.push(uses.startAtOf(i));
    const use = uses.firstUse(i);
    nextUse[i] = use;
    if (use < uses.endOfUses(i)) wait(i, uses.rowOf(use));
  }
  const placeOfSlot = new Int32Array(CHUNK_ROWS).fill(NONE);
  let bestPlace = NONE;
  let bestRow = NONE;
  let bestIdleMs = -Infinity;
  for (let chunk = 0; chunk < waiting.length; chunk++) {
    // A session waits on a later chunk than this one once its rows in this one are spread.
    for (let place = waiting[chunk]!; place !== NONE; ) {
      const after = nextWaiting[place]!;
      const end = uses.endOfUses(place);
      let use = nextUse[place]!;
      for (let row = uses.rowOf(use); row >>> CHUNK_BITS === chunk; row = uses.rowOf(use)) {
        placeOfSlot[row & CHUNK_MASK] = place;
        if (++use === end) break;
      }
      nextUse[place] = use;
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
      const idleMs = at - previous.get(place);
      previous.set(place, at);
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
