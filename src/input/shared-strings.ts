/** Distinct values remembered at most; past this the table starts over, sharing less, never wrong. */
const MAX_SHARED = 1 << 16;
const shared = new Map<string, string>();

/**
 * One copy of a value that repeats from line to line (a session id on every request of its
 * session, a handful of user agents and methods), instead of the copy JSON.parse makes for every
 * line: the timeline keeps every event, and these strings were most of what it kept.
 */
export function sharedString<T extends string | null | undefined>(value: T): T {
  if (typeof value !== "string") return value;
  const known = shared.get(value);
  if (known !== undefined) return known as T;
  if (shared.size >= MAX_SHARED) shared.clear();
  shared.set(value, value);
  return value;
}
