import assert from "node:assert/strict";
import { test } from "node:test";
import { grown, withRoomFor } from "../../src/timeline/grown-column.js";

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
