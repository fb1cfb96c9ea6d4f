import type { LoggedSession } from "../timeline/logged-session.js";
import type { RecordList, Session } from "../timeline/model.js";

/** The sessions used again after a response stream of theirs closed: how many, and the first in the given order. */
export interface UsedAfterStreamClosed {
  readonly count: number;
  readonly first: Session | null;
}

/** Rows of one of the RequestTable's blocks (records.ts): a chunk's rows are read back together. */
const CHUNK_BITS = 14;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
const NONE = -1;

/**
 * Sessions a pass takes at most: six bytes a session for the pass' lists, 6 MiB at most. All at
 * once, the 4 GiB events log's 1.5 million sessions took 6 MB here (array buffers 66 → 72 MB over
 * this hypothesis by the phase marks). Each pass reads the table's blocks from the first chunk its
 * sessions' last requests lie in, and a client's session kept from the log's start to its end
 * lies in the last: in passes of 262,144 sessions, the 4 GiB log read 922 more of the request
 * table's blocks back (230 MB) than in one.
 */
export const SESSIONS_PER_PASS = 1 << 20;

/**
 * A session was used after its stream closed when its last request came after its first closure:
 * both lists are in log order, so its last request against its first closure, not every request
 * against every closure (726,000 closures at 1 GiB). A session without a closure needs no read.
 *
 * The last requests are read block by block of the request table: session by session they jumped
 * between its blocks, 2,046 reads of spilled blocks at 1 GiB. Each session asked waits on the
 * chunk of rows holding its last request (a list through `nextWaiting`), and the chunks are read in
 * order, one block each. Six bytes a session of the pass, where a sort of the last rows took 15
 * (11 MB at 2 GiB, 742,000 sessions, in the hypotheses): the list, and where in its chunk the last
 * request lies, since the sessions' lists are read by place in blocks that leave memory
 * (PackedRowBlocks), and in the chunks' order their places jump from block to block. The count is
 * the same in any order, and the first is the least place found: the passes go up by place.
 */
export function findUsedAfterStreamClosed(sessions: RecordList<Session>, sessionsPerPass = SESSIONS_PER_PASS): UsedAfterStreamClosed {
  const logged = sessions as RecordList<LoggedSession>;
  const nextWaiting = new Int32Array(Math.min(logged.length, sessionsPerPass));
  const rowInChunk = new Uint16Array(nextWaiting.length);
  let count = 0;
  let firstPlace = logged.length;
  for (let from = 0; from < logged.length; from += sessionsPerPass) {
    const to = Math.min(logged.length, from + sessionsPerPass);
    const waiting: number[] = [];
    for (let place = from; place < to; place++) {
      const row = lastAskedRow(logged.at(place)!);
      if (row === NONE) continue;
      const chunk = row >>> CHUNK_BITS;
      while (waiting.length <= chunk) waiting.push(NONE);
      nextWaiting[place - from] = waiting[chunk]!;
      rowInChunk[place - from] = row & CHUNK_MASK;
      waiting[chunk] = place;
    }
    for (let chunk = 0; chunk < waiting.length; chunk++) {
      for (let place = waiting[chunk]!; place !== NONE; place = nextWaiting[place - from]!) {
        const session = logged.at(place)!;
        const row = (chunk << CHUNK_BITS) | rowInChunk[place - from]!;
        if (session.requestTable.seqOf(row) <= session.firstStreamClosureSeq) continue;
        count++;
        if (place < firstPlace) firstPlace = place;
      }
    }
  }
  return { count, first: count === 0 ? null : sessions.at(firstPlace)! };
}

/** The row of the session's last request, if it has one and a stream closure: else NONE. */
function lastAskedRow(session: LoggedSession): number {
  const count = session.requestCount;
  if (count === 0 || session.firstStreamClosureSeq === Infinity) return NONE;
  return session.requestRows.get(session.requestsFrom + count - 1);
}
