import assert from "node:assert/strict";
import { test } from "node:test";
import { PendingLines } from "../../src/timeline/pending-lines.js";

/** A small deterministic generator: the same lines at every run. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648);
}

type Line = [seq: number, at: number, tag: number];
const byPositionThenTag = (a: Line, b: Line) => a[0] - b[0] || a[2] - b[2];

test("PendingLines gives back the least line waiting, by position and then by tag, with its time, pushes and pops interleaved", () => {
  const next = numbers(7);
  for (const count of [0, 1, 2, 3, 64, 65, 1000]) {
    const pending = new PendingLines();
    // The lines pushed and not yet taken, as a plain list.
    const waiting: Line[] = [];
    const take = () => {
      const least = waiting.sort(byPositionThenTag).shift()!;
      assert.deepEqual([pending.seq, pending.at, pending.tag], least, `${count} lines`);
      pending.pop();
    };
    for (let i = 0; i < count; i++) {
      // Few distinct positions, so that equal ones are many and their tags order them.
      // Tags distinct, pushed out of their order.
      const line: Line = [next() % 50, next() / 7, (i * 37) % 1009];
      waiting.push(line);
      pending.push(...line);
      assert.equal(pending.length, waiting.length);
      if (next() % 3 === 0) take();
    }
    while (waiting.length > 0) take();
    assert.equal(pending.length, 0);
    assert.equal(pending.seq, Infinity, "none left");
  }
});
