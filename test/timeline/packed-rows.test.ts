import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { PackedRows } from "../../src/timeline/packed-rows.js";

/** Lists' rows put as packClients puts them: every row in increasing order, at its list's next place. */
function pack(lists: number[][]): PackedRows {
  const from = [0];
  for (const list of lists) from.push(from[from.length - 1]! + list.length);
  const rows = new PackedRows(from[lists.length]!);
  const next = from.slice(0, lists.length);
  const all = lists.flatMap((list, l) => list.map((row) => [row, l] as const)).sort((a, b) => a[0] - b[0]);
  for (const [row, l] of all) rows.put(next[l]!++, row);
  return rows.trim();
}

/** Increasing rows of lists that share no row: gaps of 1 to `widest`. */
const listsOf = (widest: number) =>
  fc.array(fc.tuple(fc.integer({ min: 1, max: widest }), fc.nat({ max: 5 })), { maxLength: 300 }).map((steps) => {
    const lists: number[][] = Array.from({ length: 6 }, () => []);
    let row = -1;
    for (const [gap, list] of steps) lists[list]!.push((row += gap));
    return lists;
  });

test("packed rows read back every list's rows, narrow groups and wide ones", () => {
  for (const widest of [3, 70_000, 2 ** 24]) {
    fc.assert(
      fc.property(listsOf(widest), (lists) => {
        const rows = pack(lists);
        assert.deepEqual(Array.from({ length: lists.flat().length }, (_, place) => rows.get(place)), lists.flat());
      }),
    );
  }
});

test("a group whose rows spread over 65,535 stays narrow; 65,536 widens it, its rows put before kept", () => {
  for (const [spread, wide] of [[0xffff, 0], [0x10000, 1]] as const) {
    const lists = [[10, 9 + spread, 10 + spread], [11]];
    const rows = pack(lists);
    assert.deepEqual([0, 1, 2, 3].map((place) => rows.get(place)), lists.flat());
    assert.equal((rows as unknown as { wideCount: number }).wideCount, wide);
  }
});

test("more wide groups than the first room for them grow it, each group's rows kept", () => {
  // 200 groups of eight, each spread over 100,000 rows.
  const lists = [Array.from({ length: 1600 }, (_, i) => (i % 8 === 7 ? 100_000 : 0) + 200_000 * Math.floor(i / 8) + (i % 8))];
  const rows = pack(lists);
  assert.deepEqual(Array.from({ length: 1600 }, (_, place) => rows.get(place)), lists[0]);
  assert.equal((rows as unknown as { wideCount: number }).wideCount, 200);
});
