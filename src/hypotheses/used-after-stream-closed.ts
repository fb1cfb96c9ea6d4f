import type { LoggedSession } from "../timeline/logged-session.js";
import type { RecordList, Session } from "../timeline/model.js";

/** The sessions used again after a response stream of theirs closed: how many, and the first in the given order. */
export interface UsedAfterStreamClosed {
  readonly count: number;
  readonly first: Session | null;
}

/**
 * A session was used after its stream closed when a request of its came after its first closure,
 * in log order: the walk notes it as it meets the request (LoggedSession.usedAfterStreamClosed),
 * so this reads a mark a session, in the order given. It read each session's last request against
 * its first closure after the fold: out of log order, the two tables' blocks were read back from
 * the spill file some 1,400 times at 1 GiB.
 */
export function findUsedAfterStreamClosed(sessions: RecordList<Session>): UsedAfterStreamClosed {
  const logged = sessions as RecordList<LoggedSession>;
  let count = 0;
  let first: Session | null = null;
  for (let place = 0; place < logged.length; place++) {
    const session = logged.at(place)!;
    if (!session.usedAfterStreamClosed) continue;
    first ??= session;
    count++;
  }
  return { count, first };
}
