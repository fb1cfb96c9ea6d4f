import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { groupBySession, itemsOf } from "../../src/timeline/group-by-session.js";
import { Int32Column } from "../../src/timeline/int-column.js";

test("groupBySession gives each session its items in their order, as pushing them one by one does", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 100 }), (sessionCount, owners) => {
      const sessionOf = new Int32Column();
      const pushed = Array.from({ length: sessionCount }, () => [] as number[]);
      const items = owners.map((owner, i) => {
        const session = owner < sessionCount ? owner : -1;
        sessionOf.push(session);
        if (session >= 0) pushed[session]!.push(i);
        return i;
      });
      const grouped = groupBySession(items, sessionOf, sessionCount);
      assert.deepEqual(Array.from({ length: sessionCount }, (_, s) => itemsOf(grouped, s)), pushed);
      assert.equal(grouped.items.length, pushed.flat().length);
    }),
  );
});

test("an Int32Column reads back what was pushed across its blocks", () => {
  const column = new Int32Column();
  for (let i = 0; i < 40_000; i++) column.push(i - 7);
  assert.equal(column.length, 40_000);
  for (const i of [0, 16_383, 16_384, 39_999]) assert.equal(column.at(i), i - 7);
});
