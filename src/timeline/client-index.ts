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
    index = {
      sessions: groupBy(timeline.sessions, (s) => s.owner),
      losses: groupBy(
        timeline.reinitializations.filter((r) => r.kind === "loss"),
        (r) => r.request.clientKey,
      ),
      abandoned: groupBy(
        timeline.abandonedSessions.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
        (s) => s.owner,
      ),
    };
    cache.set(timeline, index);
  }
  return index;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
