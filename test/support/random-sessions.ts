import type { Session } from "../../src/timeline/model.js";
import { call, closed, created, initialize } from "./log-lines.js";
import { seededRandom } from "./seeded-random.js";

type Lines = Record<string, unknown>[];

/** How often each kind of step comes; the rest of the steps are uses of one of the client's alive sessions. */
export interface SessionLogMix {
  readonly initialize: number;
  /** A session known first from its creation line, timed ahead of every request so far, then used. */
  readonly createdAhead: number;
  readonly close: number;
}

/**
 * A log of three clients' sessions (user agents client0/1.0 to client2/1.0) whose times step back
 * now and then: a use is sometimes timed 3 s before the line before it, as a log can show. The
 * same seed gives the same log.
 */
export function randomSessionLog(seed: number, mix: SessionLogMix): Lines {
  const random = seededRandom(seed).next;
  const lines: Lines = [];
  const alive: string[][] = [[], [], []];
  let t = 0;
  for (let step = 0; step < 150; step++) {
    t += random() * 5;
    const client = Math.floor(random() * 3);
    const ua = `client${client}/1.0`;
    const mine = alive[client]!;
    const roll = random();
    if (roll < mix.initialize || mine.length === 0) {
      const sid = `s${seed}-${step}`;
      lines.push(...initialize(t, sid, null, { ua }));
      mine.push(sid);
    } else if (roll < mix.initialize + mix.createdAhead) {
      const sid = `c${seed}-${step}`;
      lines.push(created(t + 20 * random(), sid), ...call(t, sid, { ua }));
      mine.push(sid);
    } else if (roll < mix.initialize + mix.createdAhead + mix.close) {
      lines.push(closed(t, mine.splice(Math.floor(random() * mine.length), 1)[0]!));
    } else {
      lines.push(...call(t - (random() < 0.2 ? 3 : 0), mine[Math.floor(random() * mine.length)]!, { ua }));
    }
  }
  return lines;
}

/** The session's latest use logged before position `seq` (its start when none), the slow way: every one of its requests read. */
export function lastUseBefore(session: Session, seq: number): number {
  let latest = session.startAt;
  for (const r of session.requests) if (r.seq < seq) latest = Math.max(latest, r.at);
  return latest;
}
