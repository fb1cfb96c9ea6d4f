/**
 * A copy of a list that will not grow again (or seldom), without the room V8 left for growing: an
 * array that has had a push holds at least 16 slots, and the timeline keeps two per session (their
 * requests and stream closures). Copied so, with the batches' lists then copied too, the timeline
 * of the 100 MiB bench log held 120.4 MB instead of 134.6 (pino: 70.9 instead of 77.9).
 */
export function trimmed<T>(list: T[]): T[] {
  return list.length === 0 ? [] : list.slice();
}
