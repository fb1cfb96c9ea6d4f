import type { Reinitialization, Session, Timeline } from "./model.js";

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
    const sessions = groupByOwner(timeline.sessions);
    const losses = new Map<string, Reinitialization[]>();
    for (let i = 0; i < timeline.reinitializations.length; i++) {
      const r = timeline.reinitializations[i]!;
      if (r.kind === "loss") addTo(losses, r.request.clientKey, r);
    }
    index = { sessions, losses, abandoned: groupByOwner(timeline.abandonedSessions) };
    cache.set(timeline, index);
  }
  return index;
}

/** Sessions by owner, each owner's in the given order; sessions without one are left out. */
export function groupByOwner(sessions: readonly Session[]): Map<string, Session[]> {
  const owned = new Map<string, Session[]>();
  for (let i = 0; i < sessions.length; i++) addTo(owned, sessions[i]!.owner, sessions[i]!);
  return owned;
}

function addTo<T>(groups: Map<string, T[]>, key: string | null, item: T) {
  if (key === null) return;
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}
