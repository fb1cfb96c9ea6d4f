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
