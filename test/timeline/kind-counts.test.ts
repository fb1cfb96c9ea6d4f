import assert from "node:assert/strict";
import { test } from "node:test";
import { KindCounts } from "../../src/timeline/kind-counts.js";

test("each kind reads back, a loss with its count of alive sessions, past two bytes' counts too", () => {
  const kinds = KindCounts.ofLength(7);
  kinds.setKind(0, "first");
  kinds.setKind(1, "after-restart");
  kinds.setKind(2, "after-not-found");
  kinds.setKind(3, "after-end");
  kinds.setLoss(4, 0);
  kinds.setLoss(5, 65_531);
  assert.ok(kinds.values instanceof Uint16Array);
  kinds.setLoss(6, 65_532);
  assert.ok(kinds.values instanceof Int32Array);
  const read = (list: KindCounts) => Array.from({ length: list.length }, (_, i) => [list.kindAt(i), list.isLossAt(i), list.aliveCountAt(i)]);
  const expected = [
    ["first", false, 0],
    ["after-restart", false, 0],
    ["after-not-found", false, 0],
    ["after-end", false, 0],
    ["loss", true, 0],
    ["loss", true, 65_531],
    ["loss", true, 65_532],
  ];
  assert.deepEqual(read(kinds), expected);
  const copied = KindCounts.ofLength(7);
  for (let i = 0; i < 7; i++) copied.copy(i, kinds, i, kinds.aliveCountAt(i));
  assert.deepEqual(read(copied), expected);
});
