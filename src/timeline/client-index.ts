import type { Reinitialization, Session, Timeline } from "./model.js";
import { sessionsById } from "./sessions-by-id.js";

export interface ClientIndex {
  readonly sessions: ReadonlyMap<string, readonly Session[]>;
  readonly losses: ReadonlyMap<string, readonly Reinitialization[]>;
  readonly abandoned: ReadonlyMap<string, readonly Session[]>;
}

const cache = new WeakMap<Timeline, ClientIndex>();

/**
 * Sessions, losses and abandoned sessions grouped by client key, built once per timeline:
 * rules and the report ask per client, and filtering the whole model for each client made
 * the analysis quadratic on busy logs.
 */
export function indexByClient(timeline: Timeline): ClientIndex {
  let index = cache.get(timeline);
  if (!index) {
    const byId = sessionsById(timeline);
    const sessions = new Map<string, Session[]>();
    for (const session of timeline.sessions) addTo(sessions, session.owner, session);
    const losses = new Map<string, Reinitialization[]>();
    for (const r of timeline.reinitializations) if (r.kind === "loss") addTo(losses, r.request.clientKey, r);
    const abandoned = new Map<string, Session[]>();
    for (const id of timeline.abandonedSessions) {
      const session = byId.get(id);
      if (session) addTo(abandoned, session.owner, session);
    }
    index = { sessions, losses, abandoned };
    cache.set(timeline, index);
  }
  return index;
}

function addTo<T>(groups: Map<string, T[]>, key: string | null, item: T) {
  if (key === null) return;
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}
