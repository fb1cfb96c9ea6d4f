import assert from "node:assert/strict";
import { test } from "node:test";
import { findBatchPatterns } from "../../src/timeline/batch-patterns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";
import { seededInts } from "../support/seeded-random.js";

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

test("each client's most common batch among hundreds of distinct ones, as counting every batch's methods finds it", async () => {
  const random = seededInts(11);
  // Forty methods make step numbers past the hash's base (31), so that distinct sequences can share a
  // hash: numbered in the order first seen, m0 to m39 are steps 0 to 39, and the batches m0,m31 and
  // m1,m0 share one. Counted as one sequence, they would outnumber m5's batches.
  const methods = Array.from({ length: 40 }, (_, i) => `m${i}`);
  const lines = methods.flatMap((rpc, i) => call(0.01 * i, "W", { ua: "w/1.0", rpc }));
  const colliding = [["m0", "m31"], ["m1", "m0"], ["m5"], ["m0", "m31"], ["m5"], ["m1", "m0"], ["m5"]];
  colliding.forEach((batch, b) => batch.forEach((rpc, r) => lines.push(...call(10 * b + 0.1 * r + 1, "X", { ua: "x/1.0", rpc }))));
  for (let b = 0; b < 900; b++) {
    const ua = `c${random(3)}/1.0`;
    const length = 1 + random(3);
    for (let r = 0; r < length; r++) lines.push(...call(10 * b + 0.1 * r + 100, `S-${ua}`, { ua, rpc: methods[random(methods.length)]! }));
  }
  const timeline = await timelineOf(lines);
  const expected = timeline.clients.map((client) => {
    const counts = new Map<string, number>();
    for (const batch of client.batches) {
      const key = [...batch.requests].map((r) => r.rpcMethod).join(",");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // A Map keeps the order keys were first set: the first seen wins among equals.
    let best: [string, number] = ["", 0];
    for (const entry of counts) if (entry[1] > best[1]) best = entry;
    return { client: client.key, steps: best[0].split(",").map((m) => `${m} (with session id)`), batches: best[1], ofBatches: client.batches.length };
  });
  assert.deepEqual(expected[1], { client: "x/1.0", steps: ["m5 (with session id)"], batches: 3, ofBatches: 7 });
  assert.ok(expected.slice(2).every((p) => p.ofBatches > 250));
  assert.deepEqual(findBatchPatterns(timeline), expected);
});

test("step numbers past 16 bits (a method per request) are kept whole", async () => {
  // 33,000 distinct steps, a batch each, then the last one twice more: the most common batch.
  const distinct = 33_000;
  const many = [...initialize(0, "S", null)];
  for (let i = 0; i < distinct; i++) many.push(...call(10 + 3 * i, "S", { rpc: `m${i}` }));
  for (let i = 0; i < 2; i++) many.push(...call(10 + 3 * (distinct + i), "S", { rpc: `m${distinct - 1}` }));
  const [pattern] = findBatchPatterns(await timelineOf(many));
  assert.deepEqual(pattern!.steps, [`m${distinct - 1} (with session id)`]);
  assert.equal(pattern!.batches, 3);
});
