/** mulberry32: a small seeded generator, so that a generated corpus is the same on every run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

export type Random = ReturnType<typeof seededRandom>;

/**
 * An integer from 0 to n - 1 at each call, from a linear congruential generator's high bits: the
 * sequence the walk's random logs were first written with (classify-reinitializations,
 * session-uses, narrated-initializes, batch-patterns), which their asserted counts depend on.
 */
export function seededInts(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
}
