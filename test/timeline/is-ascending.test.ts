import assert from "node:assert/strict";
import { test } from "node:test";
import { isAscending, orderUnlessAscending } from "../../src/timeline/is-ascending.js";
import { orderBySeq } from "../../src/timeline/sort-by-seq.js";

test("isAscending holds exactly where orderBySeq would leave the values in their order", () => {
  const cases = [[], [5], [1, 1, 2, 7], [1, 2, 1], [3, 2], [0, -0, 0], [1, NaN, 2], [NaN], [1, Infinity, Infinity], [Infinity, 1], [-Infinity, 0, 1.5, 1.5]];
  for (const values of cases) {
    const column = Float64Array.from(values);
    const order = orderBySeq(column.length, (i) => column[i]!);
    const identity = order.every((position, k) => position === k);
    if (isAscending(column)) assert.ok(identity, `${values.join(",")}: ascending, so in its own order`);
    else assert.ok(values.some((v, i) => i > 0 && !(v >= values[i - 1]!)), `${values.join(",")}: a value below the one before, or NaN`);
  }
  assert.equal(isAscending(Float64Array.from([1, 2, 2, 3])), true);
  assert.equal(isAscending(Float64Array.from([1, 3, 2])), false);
  assert.equal(isAscending(Float64Array.from([1, NaN])), false);
});

test("orderUnlessAscending is orderBySeq's order, or null where that order is the values' own", () => {
  for (const values of [[], [5], [1, 1, 2, 7], [1, 2, 1], [3, 2, 2, 1], [1, NaN, 2], [Infinity, 1]]) {
    const column = Float64Array.from(values);
    const order = orderUnlessAscending(column);
    if (isAscending(column)) assert.equal(order, null, values.join(","));
    else assert.deepEqual(order, orderBySeq(column.length, (i) => column[i]!), values.join(","));
  }
});
