import type { Session, Timeline } from "./model.js";

const cache = new WeakMap<Timeline, ReadonlyMap<string, Session>>();

/** The timeline's sessions by id, built once per timeline for every rule and hypothesis that looks one up. */
export function sessionsById(timeline: Timeline): ReadonlyMap<string, Session> {
  let byId = cache.get(timeline);
  if (!byId) {
    byId = new Map(timeline.sessions.map((s) => [s.id, s]));
    cache.set(timeline, byId);
  }
  return byId;
}
