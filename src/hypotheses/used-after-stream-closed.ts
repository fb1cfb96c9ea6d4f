import type { LoggedSession } from "../timeline/logged-session.js";
import type { Session } from "../timeline/model.js";
import { orderBySeq } from "../timeline/sort-by-seq.js";

/** The sessions used again after a response stream of theirs closed: how many, and the first in the given order. */
export interface UsedAfterStreamClosed {
  readonly count: number;
  readonly first: Session | null;
}

/**
 * A session was used after its stream closed when its last request came after its first closure:
 * both lists are in log order, so its last request against its first closure, not every request
 * against every closure (726,000 closures at 1 GiB). The last requests are read in row order:
 * session by session they jumped between the request table's blocks, 2,046 reads of spilled
 * blocks at 1 GiB. A session without a closure needs no read.
 */
export function findUsedAfterStreamClosed(sessions: readonly Session[]): UsedAfterStreamClosed {
  const logged = sessions as readonly LoggedSession[];
  const lastRows = new Int32Array(logged.length).fill(-1);
  let asked = 0;
  for (let i = 0; i < logged.length; i++) {
    const session = logged[i]!;
    const count = session.requestCount;
    if (count === 0 || session.firstStreamClosureSeq === Infinity) continue;
    lastRows[i] = session.requestRows[session.requestsFrom + count - 1]!;
    asked++;
  }
  const places = new Int32Array(asked);
  for (let i = 0, n = 0; i < logged.length; i++) if (lastRows[i] !== -1) places[n++] = i;
  // No two sessions share a row: the order is that of the rows alone.
  const order = orderBySeq(asked, (n) => lastRows[places[n]!]!);
  const used = new Uint8Array(logged.length);
  for (let n = 0; n < order.length; n++) {
    const place = places[order[n]!]!;
    const session = logged[place]!;
    if (session.requestTable.seqOf(lastRows[place]!) > session.firstStreamClosureSeq) used[place] = 1;
  }
  let count = 0;
  let first: Session | null = null;
  for (let i = 0; i < logged.length; i++) {
    if (used[i] === 0) continue;
    first ??= sessions[i]!;
    count++;
  }
  return { count, first };
}
