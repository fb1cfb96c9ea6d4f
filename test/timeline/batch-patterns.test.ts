import assert from "node:assert/strict";
import { test } from "node:test";
import { findBatchPatterns } from "../../src/timeline/batch-patterns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";

const INIT = "initialize (no session id)";
const CALL = "tools/call (with session id)";

// Two clients interleaved in the log: the walk in log order must keep their batches apart.
const lines = [
  ...initialize(0, "A1", null, { ua: "a/1" }),
  ...initialize(0.5, "B1", null, { ua: "b/1" }),
  ...call(1, "A1", { ua: "a/1" }),
  ...call(1.2, "B1", { ua: "b/1" }),
  ...call(10, "A1", { ua: "a/1" }),
  ...call(10.5, "B1", { ua: "b/1" }),
  ...initialize(20, "A2", null, { ua: "a/1" }),
  ...call(20.5, "A2", { ua: "a/1" }),
  ...call(30, "B1", { ua: "b/1" }),
];

test("each client's most common batch, the first seen winning among equals", async () => {
  const timeline = await timelineOf(lines);
  const patterns = findBatchPatterns(timeline).map(({ client, steps, batches, ofBatches }) => ({ client: client.split(" ")[0], steps, batches, ofBatches }));
  assert.deepEqual(patterns, [
    { client: "a/1", steps: [INIT, CALL], batches: 2, ofBatches: 3 },
    { client: "b/1", steps: [CALL], batches: 2, ofBatches: 3 },
  ]);
});

test("requests that differ only in what a step's name leaves out are one step", async () => {
  const timeline = await timelineOf([...call(0, "S", { init: false }), ...call(10, "S", { init: true }), ...initialize(20, "T", null)]);
  assert.deepEqual(findBatchPatterns(timeline).map((p) => [p.steps, p.batches]), [[[CALL], 2]]);
});

test("a filtered timeline keeps its batches in their order", async () => {
  // A2's batch is A's third: in the filtered timeline, the first and only one.
  const timeline = filterTimeline(await timelineOf(lines), { client: null, session: "A2" });
  assert.deepEqual(findBatchPatterns(timeline).map((p) => [p.client.split(" ")[0], p.steps, p.batches, p.ofBatches]), [["a/1", [INIT, CALL], 1, 1]]);
});

test("a client's batch count is its number of batches, in a filtered timeline too", async () => {
  const whole = await timelineOf(lines);
  const filtered = filterTimeline(whole, { client: null, session: "A2" });
  const counts = (timeline: typeof whole) => timeline.clients.map((c) => [c.batchCount, c.batches.length]);
  assert.deepEqual(counts(whole), [[3, 3], [3, 3]]);
  assert.deepEqual(counts(filtered), [[1, 1]]);
});
