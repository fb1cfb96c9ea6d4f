import assert from "node:assert/strict";
import { test } from "node:test";
import { RING_CAPACITY } from "../../src/timeline/column-ring.js";
import { LineQueue } from "../../src/timeline/line-queue.js";

test("LineQueue gives lines back in the order queued, with their times and tags, across its doubling, and remembers the last position queued", () => {
  const queue = new LineQueue();
  assert.equal(queue.seq, Infinity);
  assert.equal(queue.lastSeq, -Infinity);
  let taken = 0;
  const count = 3 * RING_CAPACITY + 5;
  for (let i = 0; i < count; i++) {
    queue.push(10 * i, 1e12 + i, i);
    assert.equal(queue.lastSeq, 10 * i);
    // Some taken as they come, so that the ring wraps before it doubles.
    if (i % 3 === 0) {
      assert.deepEqual([queue.seq, queue.at, queue.tag], [10 * taken, 1e12 + taken, taken]);
      queue.shift();
      taken++;
    }
  }
  for (; taken < count; taken++) {
    assert.deepEqual([queue.seq, queue.at, queue.tag], [10 * taken, 1e12 + taken, taken]);
    queue.shift();
  }
  assert.equal(queue.length, 0);
  assert.equal(queue.seq, Infinity);
  assert.equal(queue.lastSeq, 10 * (count - 1), "the last position queued outlives its line");
});
