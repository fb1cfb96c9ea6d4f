import assert from "node:assert/strict";
import { test } from "node:test";
import { OrdinalRuns } from "../../src/timeline/ordinal-runs.js";

function listed(runs: OrdinalRuns): [number, number][] {
  const out: [number, number][] = [];
  runs.forEach((ordinal, at) => out.push([ordinal, at]));
  return out;
}

test("ordinals in order make one run; each place is where it was appended", () => {
  const runs = new OrdinalRuns();
  for (let ordinal = 5; ordinal < 100_005; ordinal++) assert.equal(runs.push(ordinal), ordinal - 5);
  assert.equal(runs.runCount, 1);
  assert.equal(runs.length, 100_000);
  const seen = listed(runs);
  assert.deepEqual(seen[0], [5, 0]);
  assert.deepEqual(seen[99_999], [100_004, 99_999]);
});

test("ordinals out of order, repeated or going back, come back as appended", () => {
  const runs = new OrdinalRuns();
  const appended = [3, 4, 9, 9, 10, 0, 1, 2, 7, 8, 3, 5000, 5001, 2];
  for (const ordinal of appended) runs.push(ordinal);
  assert.deepEqual(
    listed(runs).map(([ordinal]) => ordinal),
    appended,
  );
  assert.deepEqual(
    listed(runs).map(([, at]) => at),
    appended.map((_, k) => k),
  );
  // 3-4, 9, 9-10, 0-2, 7-8, 3, 5000-5001, 2.
  assert.equal(runs.runCount, 8);
});

test("many runs grow their room", () => {
  const runs = new OrdinalRuns();
  for (let k = 0; k < 10_000; k++) runs.push(2 * k);
  assert.equal(runs.runCount, 10_000);
  assert.deepEqual(listed(runs).slice(-2), [
    [19_996, 9_998],
    [19_998, 9_999],
  ]);
});
