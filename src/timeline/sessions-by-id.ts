import type { Session, Timeline } from "./model.js";

const cache = new WeakMap<Timeline, ReadonlyMap<string, Session>>();

/** The timeline's sessions by id, built once per timeline for every rule and hypothesis that looks one up. */
export function sessionsById(timeline: Timeline): ReadonlyMap<string, Session> {
  let byId = cache.get(timeline);
  if (!byId) {
    // Set one by one, not from a list of [id, session] pairs: that list was 371,000 arrays at 1 GiB.
    const map = new Map<string, Session>();
    for (let i = 0; i < timeline.sessions.length; i++) map.set(timeline.sessions[i]!.id, timeline.sessions[i]!);
    cache.set(timeline, (byId = map));
  }
  return byId;
}
