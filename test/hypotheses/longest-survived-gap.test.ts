import assert from "node:assert/strict";
import { test } from "node:test";
import { longestSurvivedGap, type SurvivedGap } from "../../src/hypotheses/longest-survived-gap.js";
import { UsesBySession } from "../../src/hypotheses/uses-by-session.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import type { LoggedRequest, RequestTable } from "../../src/timeline/records.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, initialize, request } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { seededRandom } from "../support/seeded-random.js";

type Line = Record<string, unknown>;

/** What server-idle-timeout read before: session by session in the timeline's order, each one's requests as records; the first of equals kept. */
function longestSlowly(timeline: Timeline): SurvivedGap | null {
  let best: SurvivedGap | null = null;
  [...timeline.sessions].forEach((session, place) => {
    let previous = session.startAt;
    for (const use of session.requests) {
      const idleMs = use.at - previous;
      if (best === null || idleMs > best.idleMs) best = { place, row: (use as LoggedRequest).row, idleMs };
      previous = use.at;
    }
  });
  return best;
}

/**
 * Many sessions of three clients used in turns over `steps` steps, a second passing every 20 steps
 * or so, so that gaps tie; the newest sessions mostly, the others now and then (`oldUses`, so that
 * they wait long between uses); a use now and then timed before the line before it, and requests
 * of no session between. A request a step: past a gathering of rows (4,096) when long.
 */
function interleavedLog(seed: number, steps: number, oldUses: number): Line[] {
  const random = seededRandom(seed);
  const lines: Line[] = [];
  const alive: { sid: string; ua: string }[] = [];
  let t = 0;
  for (let step = 0; step < steps; step++) {
    if (random.next() < 0.05) t++;
    const roll = random.next();
    if (alive.length === 0 || roll < 0.04) {
      const sid = `s${seed}-${step}`;
      const ua = `client${random.int(3)}/1.0`;
      lines.push(...initialize(t, sid, null, { ua }));
      alive.push({ sid, ua });
    } else if (roll < 0.07) {
      lines.push(request(t, null, { rpc: "tools/list", ua: `client${random.int(3)}/1.0` }));
    } else {
      const back = random.next() < oldUses ? random.int(alive.length) : Math.min(alive.length - 1, random.int(8));
      const { sid, ua } = alive[alive.length - 1 - back]!;
      lines.push(...call(t - (random.next() < 0.1 ? 2 : 0), sid, { ua }));
    }
  }
  return lines;
}

/** The answer, and the rows whose times it read, in the order read. */
function readingRows(timeline: Timeline, sessionsPerPass?: number, placesPerPass?: number): { gap: SurvivedGap | null; rows: number[] } {
  const uses = new UsesBySession(timeline);
  const rows: number[] = [];
  const table = uses.table;
  const spy: RequestTable = Object.create(table);
  spy.atOf = (row: number) => {
    rows.push(row);
    return table.atOf(row);
  };
  Object.defineProperty(uses, "table", { value: spy });
  return { gap: longestSurvivedGap(uses, sessionsPerPass, placesPerPass), rows };
}

const filtersOf = (timeline: Timeline) => [
  { client: "client1", session: null },
  { client: null, session: timeline.sessions.at(Math.floor(timeline.sessions.length / 2))!.id },
  { client: "client2", session: "s" },
];

test("the longest gap survived, read in row order, is the one session-by-session reading finds, filtered too", async () => {
  let ties = 0;
  let filteredOther = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const timeline = await timelineOf(interleavedLog(seed, 1500, 0));
    const slow = longestSlowly(timeline);
    assert.ok(slow !== null);
    assert.deepEqual(longestSurvivedGap(new UsesBySession(timeline)), slow, `seed ${seed}`);
    // In passes of a few sessions each: equal gaps of later passes lose to the first.
    for (const perPass of [1, 7, 200]) assert.deepEqual(longestSurvivedGap(new UsesBySession(timeline), perPass), slow, `seed ${seed}, ${perPass} a pass`);
    // Passes bounded by the places of uses they span, as the lists' blocks kept in memory bound them; a session with more uses than that is a pass of its own.
    for (const places of [1, 5, 40]) assert.deepEqual(longestSurvivedGap(new UsesBySession(timeline), 200, places), slow, `seed ${seed}, ${places} places a pass`);
    const gaps = [...timeline.sessions].flatMap((s) => [...s.requests].map((r, i, all) => r.at - (i === 0 ? s.startAt : all[i - 1]!.at)));
    if (gaps.filter((gap) => gap === slow.idleMs).length > 1) ties++;
    for (const filter of filtersOf(timeline)) {
      const filtered = filterTimeline(timeline, filter);
      const slowFiltered = longestSlowly(filtered);
      assert.deepEqual(longestSurvivedGap(new UsesBySession(filtered)), slowFiltered, `seed ${seed}, ${JSON.stringify(filter)}`);
      if (slowFiltered !== null && filtered.sessions.at(slowFiltered.place)!.id !== timeline.sessions.at(slow.place)!.id) filteredOther++;
    }
  }
  // The logs exercise what they are for: equal longest gaps, and filters that keep another session's.
  assert.ok(ties > 1, `${ties}`);
  assert.ok(filteredOther > 3, `${filteredOther}`);
});

test("the random session logs' longest gaps, times stepping back, are found as before", async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const timeline = await timelineOf(randomSessionLog(seed, { initialize: 0.25, createdAhead: 0.05, close: 0.1 }));
    assert.deepEqual(longestSurvivedGap(new UsesBySession(timeline)), longestSlowly(timeline), `seed ${seed}`);
    for (const filter of filtersOf(timeline)) {
      const filtered = filterTimeline(timeline, filter);
      assert.deepEqual(longestSurvivedGap(new UsesBySession(filtered)), longestSlowly(filtered), `seed ${seed}, ${JSON.stringify(filter)}`);
      assert.deepEqual(longestSurvivedGap(new UsesBySession(filtered), 3), longestSlowly(filtered), `seed ${seed}, ${JSON.stringify(filter)}, 3 a pass`);
      assert.deepEqual(longestSurvivedGap(new UsesBySession(filtered), 50, 4), longestSlowly(filtered), `seed ${seed}, ${JSON.stringify(filter)}, 4 places a pass`);
    }
  }
});

test("every use's time is read once, in row order, across gatherings of rows", async () => {
  const timeline = await timelineOf(interleavedLog(99, 14000, 0.02));
  const uses = [...timeline.sessions].reduce((sum, s) => sum + s.requests.length, 0);
  assert.ok(timeline.requests.length > 3 * 4096, `${timeline.requests.length}`);
  const { gap, rows } = readingRows(timeline);
  assert.deepEqual(gap, longestSlowly(timeline));
  assert.equal(rows.length, uses);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i]! > rows[i - 1]!, `read ${rows[i]} after ${rows[i - 1]}`);
  const filtered = filterTimeline(timeline, { client: "client0", session: null });
  const read = readingRows(filtered);
  assert.deepEqual(read.gap, longestSlowly(filtered));
  assert.equal(read.rows.length, [...filtered.sessions].reduce((sum, s) => sum + s.requests.length, 0));
  assert.ok(read.rows.every((row, i) => i === 0 || row > read.rows[i - 1]!));
  // In passes: each pass reads its sessions' uses once, in row order, and the passes together every use once.
  const perPass = 100;
  const passes = readingRows(timeline, perPass);
  assert.deepEqual(passes.gap, gap);
  assert.deepEqual([...passes.rows].sort((a, b) => a - b), [...rows]);
  // A pass starts back at its sessions' first rows: the reads step back only where a pass begins.
  const descents = passes.rows.filter((row, i) => i > 0 && row < passes.rows[i - 1]!).length;
  assert.ok(descents >= 1 && descents < Math.ceil(timeline.sessions.length / perPass), `${descents} steps back, ${timeline.sessions.length} sessions`);
  // Passes of at most 300 places of uses, whatever their sessions: at least one pass a 300 uses.
  const byPlaces = readingRows(timeline, undefined, 300);
  assert.deepEqual(byPlaces.gap, gap);
  assert.deepEqual([...byPlaces.rows].sort((a, b) => a - b), [...rows]);
  const placeDescents = byPlaces.rows.filter((row, i) => i > 0 && row < byPlaces.rows[i - 1]!).length;
  assert.ok(placeDescents >= Math.floor(uses / 300) - 1, `${placeDescents} steps back, ${uses} uses`);
});

test("no session, or sessions never used, survived no gap", async () => {
  assert.equal(longestSurvivedGap(new UsesBySession(await timelineOf([request(0, null, { rpc: "tools/list" })]))), null);
  const unused = await timelineOf([...initialize(0, "A", null), ...initialize(5, "B", null)]);
  assert.equal(unused.sessions.length, 2);
  assert.equal(longestSurvivedGap(new UsesBySession(unused)), null);
});
