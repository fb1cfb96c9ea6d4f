import assert from "node:assert/strict";
import { test } from "node:test";
import { LatestUses } from "../../src/hypotheses/latest-uses.js";
import type { NamedWindow } from "../../src/timeline/named-sessions.js";
import { seededRandom, type Random } from "../support/seeded-random.js";

/** A window that names session `ordinal` (as its 0th), whose start is `startAt`. */
function naming(ordinal: number, startAt: number): NamedWindow {
  return { positionAt: () => ordinal, sessionAt: () => ({ startAt }) } as unknown as NamedWindow;
}

const T0 = 1_700_000_000_000;
const ODD = [Number.NaN, -0, 0, 0.5, T0 + 0.25, Infinity, -Infinity, T0 + 2 ** 31, T0 - 2 ** 31 - 1, -1, 2 ** 53];

/** Mostly times near T0, some `odd` share of the log's hostile ones. */
function timeOf(random: Random, odd: number): number {
  return random.next() < odd ? random.pick(ODD) : T0 + random.int(2_000_000) - 1_000_000;
}

test("every session's time, its uses' latest and its start once named, is what Math.max over Float64 times gives, odd times included", () => {
  for (const odd of [0, 0.001, 0.05, 0.5]) {
    for (let seed = 1; seed <= 8; seed++) {
      const random = seededRandom(seed);
      const uses = new LatestUses();
      const sessions = 9_000 + random.int(4_000);
      const times = new Float64Array(sessions).fill(-Infinity);
      const started = new Uint8Array(sessions);
      const starts = Array.from({ length: sessions }, () => timeOf(random, odd));
      let latest = -Infinity;
      for (let step = 0; step < 40_000; step++) {
        const ordinal = random.int(sessions);
        if (random.next() < 0.7) {
          const at = timeOf(random, odd);
          uses.raise(ordinal, at);
          times[ordinal] = Math.max(times[ordinal]!, at);
          if (at > latest) latest = at;
          continue;
        }
        const first = started[ordinal] === 0;
        if (first) {
          times[ordinal] = Math.max(times[ordinal]!, starts[ordinal]!);
          started[ordinal] = 1;
          if (starts[ordinal]! > latest) latest = starts[ordinal]!;
        }
        // A start is read once, when the session is first named: a later one is not looked at.
        const read = uses.ofNamed(naming(ordinal, first ? starts[ordinal]! : T0 + 5e9), 0);
        assert.ok(Object.is(read, times[ordinal]), `odd ${odd}, seed ${seed}, step ${step}: ${read} against ${times[ordinal]}`);
      }
      for (let ordinal = 0; ordinal < sessions; ordinal++) {
        // A start of -Infinity leaves a session not named yet as its uses made it.
        assert.ok(Object.is(uses.ofNamed(naming(ordinal, -Infinity), 0), times[ordinal]), `odd ${odd}, seed ${seed}, session ${ordinal}`);
      }
      assert.ok(Object.is(uses.latest, latest));
    }
  }
});

test("times a whole number of ms within 2^31 of their block's first stay four-byte distances; one that is not widens its block only", () => {
  const uses = new LatestUses();
  for (let ordinal = 0; ordinal < 3 * 4096; ordinal++) uses.raise(ordinal, T0 + (ordinal % 7) * 1_000_000 - 3_000_000);
  uses.raise(5, T0 - 2 ** 31 - 10);
  const far = (uses as unknown as { far: (Float64Array | null)[] }).far;
  assert.deepEqual(far.map((block) => block !== null), [false, false, false]);
  uses.raise(4096 + 7, T0 + 0.5);
  uses.raise(2 * 4096 + 1, T0 + 2 ** 31 + 5);
  assert.deepEqual(far.map((block) => block !== null), [false, true, true]);
  assert.equal(uses.ofNamed(naming(4096 + 7, -Infinity), 0), T0 + 0.5);
  assert.equal(uses.ofNamed(naming(2 * 4096 + 1, -Infinity), 0), T0 + 2 ** 31 + 5);
  assert.equal(uses.ofNamed(naming(4096 + 8, -Infinity), 0), T0 + ((4096 + 8) % 7) * 1_000_000 - 3_000_000);
  // A session never used and never named reads -Infinity, in a near block and a widened one.
  assert.equal(uses.ofNamed(naming(3 * 4096 + 3, -Infinity), 0), -Infinity);
});
