import type { RecordList, Session, Timeline } from "./model.js";
import { hashOf } from "./string-hash.js";

const cache = new WeakMap<Timeline, SessionsById>();

/** The timeline's sessions by id, built once per timeline for every rule and hypothesis that looks one up. */
export function sessionsById(timeline: Timeline): SessionsById {
  let byId = cache.get(timeline);
  if (!byId) cache.set(timeline, (byId = new SessionsById(timeline.sessions)));
  return byId;
}

/**
 * Open addressing over the sessions' places, not a Map from id to session: the interner keeps a
 * UUID id as its words and makes its string when asked (interner.ts), so a Map's keys were every
 * id's string made again and held as long as the timeline (20.8 MB at 1 GiB, 371,304 ids, besides
 * the Map). A slot holds the session's place plus one (0 for empty); a lookup hashes the id asked
 * and compares it with the ids of the sessions its probe meets, each made then and dropped. The
 * table is sized once, at most half full, so a probe meets an empty slot soon.
 */
export class SessionsById {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly sessions: RecordList<Session>) {
    let size = 1024;
    while (size < 2 * sessions.length) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let k = 0; k < sessions.length; k++) this.place(k);
  }

  /** The session with this id, the last listed if several are. */
  get(id: string): Session | undefined {
    const k = this.placeOf(id);
    return k === -1 ? undefined : this.sessions.at(k);
  }

  /** That session's place in the list, -1 for none. */
  placeOf(id: string): number {
    const { slots, mask, sessions } = this;
    for (let i = hashOf(id) & mask; slots[i] !== 0; i = (i + 1) & mask) if (sessions.at(slots[i]! - 1)!.id === id) return slots[i]! - 1;
    return -1;
  }

  /** The kth session at its id's slot, in place of an earlier session with the same id (as a Map's set). */
  private place(k: number) {
    const { slots, mask, sessions } = this;
    const id = sessions.at(k)!.id;
    let i = hashOf(id) & mask;
    while (slots[i] !== 0 && sessions.at(slots[i]! - 1)!.id !== id) i = (i + 1) & mask;
    slots[i] = k + 1;
  }
}
