import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CandidateQueue } from "../../src/timeline/candidate-queue.js";

test("CandidateQueue gives back what was pushed, first in first out, through growth while others wait", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.tuple(fc.nat(), fc.nat(30), fc.integer({ min: -1, max: 1000 })), fc.constant(null)), { minLength: 100, maxLength: 3_000, size: "max" }), (steps) => {
      const queue = new CandidateQueue();
      const expected: [number, number, number][] = [];
      for (const step of steps) {
        if (step !== null) {
          queue.push(...step);
          expected.push(step);
        } else if (expected.length > 0) {
          assert.deepEqual([queue.row(), queue.client(), queue.previous()], expected.shift());
          queue.shift();
        }
        assert.equal(queue.length, expected.length);
      }
      const rest: [number, number, number][] = [];
      while (queue.length > 0) {
        rest.push([queue.row(), queue.client(), queue.previous()]);
        queue.shift();
      }
      assert.deepEqual(rest, expected);
    }),
    { numRuns: 50 },
  );
});

test("CandidateQueue grows with its first waiting ones past the ring's wrap, in order", () => {
  const queue = new CandidateQueue();
  let pushed = 0;
  let shifted = 0;
  // Wrapped round before it grows: the waiting ones lie at both ends of the ring.
  for (; pushed < 1000; pushed++) queue.push(pushed, pushed % 7, pushed - 1);
  for (; shifted < 600; shifted++) queue.shift();
  for (; pushed < 5000; pushed++) queue.push(pushed, pushed % 7, pushed - 1);
  for (; queue.length > 0; shifted++) {
    assert.deepEqual([queue.row(), queue.client(), queue.previous()], [shifted, shifted % 7, shifted - 1]);
    queue.shift();
  }
  assert.equal(shifted, 5000);
});
