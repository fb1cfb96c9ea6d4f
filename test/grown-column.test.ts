import assert from "node:assert/strict";
import { test } from "node:test";
import { grown, unwound, withRoomFor } from "../src/grown-column.js";

test("a grown column keeps its type and rows, the new rows 0", () => {
  const from = Int8Array.of(-3, 7);
  const to = grown(from, 4);
  assert.ok(to instanceof Int8Array);
  assert.deepEqual([...to], [-3, 7, 0, 0]);
  assert.deepEqual([...from], [-3, 7], "the old column is left as it was");
});

test("room for an index doubles the column, or reaches the index when that is further", () => {
  assert.equal(withRoomFor(new Float64Array(8), 8).length, 16);
  assert.equal(withRoomFor(new Int32Array(8), 40).length, 41);
  assert.ok(withRoomFor(new Uint8Array(1), 0) instanceof Uint8Array);
});

test("the new rows of a grown column can be given a value, the old ones kept", () => {
  assert.deepEqual([...grown(Float64Array.of(1, 2), 4, -Infinity)], [1, 2, -Infinity, -Infinity]);
  assert.deepEqual([...withRoomFor(Int32Array.of(5), 2, -1)], [5, -1, -1]);
});

test("a full ring unwound is twice as long, its rows from the head on first", () => {
  for (const head of [0, 1, 3]) {
    // Rows pushed 10, 11, 12, 13 into a ring of 4 whose first is at `head`.
    const ring = new Int32Array(4);
    for (let k = 0; k < 4; k++) ring[(head + k) & 3] = 10 + k;
    const to = unwound(ring, head);
    assert.ok(to instanceof Int32Array);
    assert.deepEqual([...to], [10, 11, 12, 13, 0, 0, 0, 0], `head ${head}`);
  }
  assert.deepEqual([...unwound(Float64Array.of(0.5, -2), 1)], [-2, 0.5, 0, 0]);
});
