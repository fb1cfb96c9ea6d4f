import assert from "node:assert/strict";
import { test } from "node:test";
import { Positions } from "../../src/timeline/positions.js";

test("Positions gives back every position pushed, whether or not each is its own index", () => {
  const cases = [[], [0], [0, 1, 2, 3], [1], [0, 1, 3, 4], [0, 2, 1], [5, 6, 7], [0, 1, 2, 2, 9]];
  for (const pushed of cases) {
    const positions = new Positions(pushed.length);
    for (const position of pushed) positions.push(position);
    assert.equal(positions.length, pushed.length);
    assert.deepEqual(Array.from({ length: pushed.length }, (_, k) => positions.get(k)), pushed, pushed.join(","));
  }
});
