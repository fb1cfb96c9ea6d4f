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

test("every session's time, its uses' latest and its start once named, is what Math.max over Float64 times gives, odd times included, blocks in memory or not", () => {
  for (const odd of [0, 0.001, 0.05, 0.5]) {
    for (let seed = 1; seed <= 8; seed++) {
      const random = seededRandom(seed);
      // Two blocks kept of up to four: blocks leave memory and are read back, uses and names of them wait or are kept beside them.
      const uses = new LatestUses(seed % 2 === 0 ? 2 : 32);
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
  const widened = () => (uses as unknown as { blocks: { far: Float64Array | null }[] }).blocks.map((block) => block.far !== null);
  assert.deepEqual(widened(), [false, false, false]);
  uses.raise(4096 + 7, T0 + 0.5);
  uses.raise(2 * 4096 + 1, T0 + 2 ** 31 + 5);
  assert.deepEqual(widened(), [false, true, true]);
  assert.equal(uses.ofNamed(naming(4096 + 7, -Infinity), 0), T0 + 0.5);
  assert.equal(uses.ofNamed(naming(2 * 4096 + 1, -Infinity), 0), T0 + 2 ** 31 + 5);
  assert.equal(uses.ofNamed(naming(4096 + 8, -Infinity), 0), T0 + ((4096 + 8) % 7) * 1_000_000 - 3_000_000);
  // A session never used and never named reads -Infinity, in a near block and a widened one.
  assert.equal(uses.ofNamed(naming(3 * 4096 + 3, -Infinity), 0), -Infinity);
});

/**
 * Sessions made in ordinal order, a few alive at a time, as a log makes them; `kept` of the first
 * are used all along, and losses name sessions made long before, some over and over (the pino
 * log's abandoned sessions). A step is [ordinal, time] for a use, [~ordinal, start] for a name.
 */
function logLike(seed: number, sessions: number, kept: number): [number, number][] {
  const random = seededRandom(seed);
  const steps: [number, number][] = [];
  const abandoned: number[] = [];
  let at = T0;
  for (let made = kept; made < sessions; made++) {
    at += 1 + random.int(50);
    steps.push([made, at]);
    if (random.next() < 0.01) abandoned.push(made);
    if (random.next() < 0.2) steps.push([random.int(kept), at + random.int(30)]);
    if (random.next() < 0.1 && abandoned.length > 0) steps.push([~random.pick(abandoned), at - random.int(1_000_000)]);
    if (random.next() < 0.1) steps.push([~Math.max(0, made - random.int(300)), at - random.int(10_000)]);
  }
  return steps;
}

test("blocks out of memory give the times a single column gives, take the uses made while out when read back, and are read back once for a session named again", () => {
  for (const seed of [1, 2, 3]) {
    const steps = logLike(seed, 60_000, 20);
    const times = new Float64Array(60_000).fill(-Infinity);
    const started = new Uint8Array(60_000);
    const uses = new LatestUses(3);
    const names = new Set<number>();
    for (const [step, time] of steps) {
      if (step >= 0) {
        uses.raise(step, time);
        times[step] = Math.max(times[step]!, time);
        continue;
      }
      const ordinal = ~step;
      names.add(ordinal);
      if (started[ordinal] === 0) times[ordinal] = Math.max(times[ordinal]!, time);
      started[ordinal] = 1;
      assert.equal(uses.ofNamed(naming(ordinal, time), 0), times[ordinal], `seed ${seed}, session ${ordinal}`);
    }
    assert.ok(uses.spilledBlocks >= 10, `seed ${seed}: ${uses.spilledBlocks} blocks out of memory`);
    assert.ok(uses.blocksReadBack > 0 && uses.blocksReadBack < names.size / 2, `seed ${seed}: ${uses.blocksReadBack} blocks read back for ${names.size} sessions named`);
    for (const ordinal of names) assert.equal(uses.ofNamed(naming(ordinal, T0 + 5e9), 0), times[ordinal], `seed ${seed}, session ${ordinal} named again`);
    // The long-kept sessions' uses, made while their block was out of memory, are taken in.
    for (let ordinal = 0; ordinal < 20; ordinal++) assert.equal(uses.ofNamed(naming(ordinal, -Infinity), 0), times[ordinal]);

    // A session named while its block had been out of memory is read back once: named again after
    // the block left memory again, it is not read back.
    const unnamed = (block: number) => Array.from({ length: 4096 }, (_, i) => block * 4096 + i).find((ordinal) => !names.has(ordinal))!;
    const old = unnamed(1);
    assert.equal(uses.ofNamed(naming(old, -Infinity), 0), times[old]);
    names.add(old);
    const before = uses.blocksReadBack;
    // Four other blocks read back, three kept: block 1 leaves memory.
    for (const block of [2, 3, 4, 5]) uses.ofNamed(naming(unnamed(block), -Infinity), 0);
    assert.equal(uses.blocksReadBack, before + 4);
    assert.equal(uses.ofNamed(naming(old, -Infinity), 0), times[old]);
    assert.equal(uses.blocksReadBack, before + 4);
    // Whereas a session of it not named before reads it back.
    uses.ofNamed(naming(unnamed(1), -Infinity), 0);
    assert.equal(uses.blocksReadBack, before + 5);
  }
});

test("a widened block leaves memory and comes back as it was, each widened block with distances of its own", () => {
  const uses = new LatestUses(2);
  for (let ordinal = 0; ordinal < 6 * 4096; ordinal++) uses.raise(ordinal, ordinal % 3 === 0 ? T0 + ordinal + 0.5 : T0 + ordinal);
  assert.ok(uses.spilledBlocks >= 3);
  for (let ordinal = 0; ordinal < 6 * 4096; ordinal += 97) {
    assert.equal(uses.ofNamed(naming(ordinal, -Infinity), 0), ordinal % 3 === 0 ? T0 + ordinal + 0.5 : T0 + ordinal);
  }
});
