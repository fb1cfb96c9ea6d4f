import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AliveLists, ENDED, ENDED_LIVE, LISTED, LIVE } from "../../src/timeline/alive-lists.js";
import { MAX_ALIVE_LISTED } from "../../src/timeline/classified-columns.js";

/** The sessions a loss named before `end`: a window of the pool, or of `own` (~end). */
function named(lists: AliveLists, end: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => (end >= 0 ? lists.pool.get(end - count + k) : lists.own.get(~end - count + k)));
}

test("AliveLists names each client's newest alive sessions in the order listed, and a window once named never changes", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(3), fc.nat(1000)), { minLength: 300, maxLength: 3_000, size: "max" }), (steps) => {
      const lists = new AliveLists();
      for (let c = 0; c < 4; c++) lists.noteClient(c);
      // The model: each client's alive sessions in the order listed, and which were seen alive.
      const alive: number[][] = [[], [], [], []];
      const live = new Set<number>();
      const losses: { end: number; names: number[] }[] = [];
      let next = 0;
      for (const [action, c, pick] of steps) {
        const mine = alive[c]!;
        if (action < 4 || mine.length === 0) {
          const p = next++;
          lists.noteSession(p);
          lists.setState(p, LISTED);
          lists.append(c, p);
          mine.push(p);
        } else if (action < 7) {
          const [p] = mine.splice(pick % mine.length, 1);
          lists.end(c, p!);
          assert.equal(lists.stateOf(p!), live.has(p!) ? ENDED_LIVE : ENDED);
        } else if (action === 7) {
          // Moved to the next client's list, last.
          const [p] = mine.splice(pick % mine.length, 1);
          lists.remove(c, p!);
          lists.append((c + 1) % 4, p!);
          alive[(c + 1) % 4]!.push(p!);
        } else {
          lists.markLive(c);
          for (const p of mine) live.add(p);
          const count = Math.min(mine.length, MAX_ALIVE_LISTED);
          const end = lists.nameNewest(c);
          const names = mine.slice(mine.length - count);
          assert.deepEqual(named(lists, end, count), names);
          losses.push({ end, names });
        }
        assert.equal(lists.size[c], alive[c]!.length);
      }
      for (const { end, names } of losses) assert.deepEqual(named(lists, end, names.length), names);
      for (const list of alive) for (const p of list) assert.equal(lists.stateOf(p), live.has(p) ? LIVE : LISTED);
    }),
    { numRuns: 60 },
  );
});

test("a loss no list keeps is named as a kept one would be while told, and grows neither the pool nor `own`", () => {
  let shorter = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(3), fc.nat(1000)), { minLength: 300, maxLength: 3_000, size: "max" }), (steps) => {
      // The same sessions listed, ended and moved in all three; they differ at the losses: `kept`
      // names them as kept, `told` as told only, `untold` not at all.
      const kept = new AliveLists();
      const told = new AliveLists();
      const untold = new AliveLists();
      const both = [kept, told, untold];
      for (const lists of both) for (let c = 0; c < 4; c++) lists.noteClient(c);
      const alive: number[][] = [[], [], [], []];
      let next = 0;
      for (const [action, c, pick] of steps) {
        const mine = alive[c]!;
        if (action < 4 || mine.length === 0) {
          const p = next++;
          for (const lists of both) (lists.noteSession(p), lists.setState(p, LISTED), lists.append(c, p));
          mine.push(p);
        } else if (action < 7) {
          const [p] = mine.splice(pick % mine.length, 1);
          for (const lists of both) lists.end(c, p!);
        } else if (action === 7) {
          const [p] = mine.splice(pick % mine.length, 1);
          for (const lists of both) (lists.remove(c, p!), lists.append((c + 1) % 4, p!));
          alive[(c + 1) % 4]!.push(p!);
        } else {
          for (const lists of both) lists.markLive(c);
          const count = Math.min(mine.length, MAX_ALIVE_LISTED);
          const end = told.nameNewest(c, false);
          const names = Array.from({ length: count }, (_, k) => (end >= 0 ? told.pool.get(end - count + k) : told.scratch.get(~end - count + k)));
          assert.deepEqual(names, mine.slice(mine.length - count));
          kept.nameNewest(c);
        }
      }
      assert.equal(told.own.length, 0);
      // Told only, a loss changes the pool no more than no loss would: kept, it may move a region
      // (a named window must not change), which mostly makes the pool longer, though not always.
      assert.equal(told.pool.length, untold.pool.length);
      if (told.pool.length < kept.pool.length) shorter++;
    }),
    { numRuns: 60 },
  );
  assert.ok(shorter > 30, `${shorter} of 60 pools shorter`);
});

test("a client that makes and ends sessions without end sheds the ended ones in place: its region does not move, and the pool does not grow with them", () => {
  const lists = new AliveLists();
  lists.noteClient(0);
  lists.noteClient(1);
  const alive: number[] = [];
  const others: number[] = [];
  for (let p = 0; p < 20_000; p++) {
    lists.noteSession(p);
    lists.setState(p, LISTED);
    lists.append(0, p);
    alive.push(p);
    // At most three alive: the oldest ends. Another client does the same now and then, so that client 0's region is not the pool's last.
    if (alive.length > 3) lists.end(0, alive.shift()!);
    if (p % 10 === 0) {
      lists.noteSession(20_000 + p);
      lists.setState(20_000 + p, LISTED);
      lists.append(1, 20_000 + p);
      others.push(20_000 + p);
      if (others.length > 3) lists.end(1, others.shift()!);
    }
    if (p % 97 === 0) assert.deepEqual(named(lists, lists.nameNewest(0, false), alive.length), alive);
  }
  assert.ok(lists.pool.length < 64, `the pool holds ${lists.pool.length} places`);
  // A loss kept names a window that must not change: the list sheds its ended sessions past it from then on.
  const end = lists.nameNewest(0);
  const names = alive.slice();
  for (let p = 40_000; p < 40_100; p++) {
    lists.noteSession(p);
    lists.setState(p, LISTED);
    lists.append(0, p);
    lists.end(0, alive.shift()!);
    alive.push(p);
  }
  assert.deepEqual(named(lists, end, names.length), names);
  assert.deepEqual(named(lists, lists.nameNewest(0, false), alive.length), alive);
});
