import assert from "node:assert/strict";
import { test } from "node:test";
import { findBatchPatterns } from "../../src/timeline/batch-patterns.js";
import { deepFreeze } from "../../src/timeline/deep-freeze.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import { describeStep } from "../../src/timeline/step-numbers.js";
import { call, initialize, request, response } from "../support/log-lines.js";
import { fixtureLines, WALK_FIXTURES } from "../support/fixture-lines.js";
import { timelineTrailing } from "../support/trailing-walk.js";

/** One event per batch, so that the walk runs after each, `walkLag` behind; frozen, as a rule's test has it. */
async function timelineOf(lines: readonly Record<string, unknown>[], walkLag: number): Promise<Timeline> {
  return deepFreeze(await timelineTrailing(lines, walkLag));
}

/** The patterns as the report found them before the walk counted them: every batch's steps read from the model after the fold. */
function patternsReadFromBatches(timeline: Timeline) {
  return timeline.clients.flatMap((client) => {
    const counts = new Map<string, { steps: string[]; count: number }>();
    for (const batch of client.batches) {
      const steps = [...batch.requests].map(describeStep);
      const key = JSON.stringify(steps);
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { steps, count: 1 });
    }
    // A Map keeps the order keys were first set: the first seen wins among equals.
    let best: { steps: string[]; count: number } | null = null;
    for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
    return best ? [{ client: client.key, steps: best.steps, batches: best.count, ofBatches: client.batchCount }] : [];
  });
}

/** A request of unknown kind without session id (a pino-like line), which an answer with a new id makes an initialize. */
function unknownKind(t: number, ua = "buggy/1.0"): Record<string, unknown> {
  const line: Record<string, unknown> = { ...request(t, null, { rpc: null, ua }) };
  delete line.is_initialize;
  return line;
}

const INIT = "initialize (no session id)";
const CALL = "tools/call (with session id)";

test("a batch whose request became an initialize by an answer later than the lags counts as an initialize's batch", async () => {
  const unknown = unknownKind(0);
  const lines = [unknown, ...call(0.5, "A"), ...call(1, "A"), ...call(1.5, "A"), response(1.8, unknown, "B")];
  const trailing = await timelineOf(lines, 1);
  // Otherwise the observer had the answer in time, and this would prove nothing.
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.deepEqual(findBatchPatterns(trailing).map((p) => [p.steps, p.batches]), [[[INIT, CALL, CALL, CALL], 1]]);
  assert.deepEqual(findBatchPatterns(trailing), findBatchPatterns(await timelineOf(lines, Infinity)));
});

test("a batch decided late counts with the batches of its sequence, as the first of them", async () => {
  // The first batch walked as POST then a call, is an initialize then a call: with the third, the most common.
  const unknown = unknownKind(0);
  const lines = [unknown, ...call(0.5, "A"), ...call(10, "A"), ...initialize(20, "C", null), ...call(20.5, "C"), response(30, unknown, "B")];
  for (const lag of [1, 3, Infinity]) {
    const timeline = await timelineOf(lines, lag);
    assert.deepEqual(findBatchPatterns(timeline).map((p) => [p.steps, p.batches, p.ofBatches]), [[[INIT, CALL], 2, 3]], `lag ${lag}`);
    assert.deepEqual(findBatchPatterns(timeline), patternsReadFromBatches(timeline), `lag ${lag}`);
  }
  // Two calls' batches tie with it: it was seen first.
  const tied = [unknown, ...call(0.5, "A"), ...call(10, "A"), ...call(15, "A"), ...initialize(20, "C", null), ...call(20.5, "C"), response(30, unknown, "B")];
  assert.deepEqual(findBatchPatterns(await timelineOf(tied, 1)).map((p) => [p.steps, p.batches, p.ofBatches]), [[[INIT, CALL], 2, 4]]);
  // The same, the initialize's batch ended (by a fifth) before the late answer came.
  const ended = [...tied.slice(0, -1), ...call(25, "C", { rpc: "tools/list" }), tied.at(-1)!];
  assert.deepEqual(findBatchPatterns(await timelineOf(ended, 1)).map((p) => [p.steps, p.batches, p.ofBatches]), [[[INIT, CALL], 2, 5]]);
});

test("batches left undecided by requests never answered count as walked", async () => {
  // Two batches of an unanswered request then a call, one of a call: the first wins.
  const lines = [unknownKind(0), ...call(0.5, "A"), ...call(10, "A"), unknownKind(20), ...call(20.5, "A"), ...call(30, "A", { rpc: "tools/list" })];
  for (const lag of [1, Infinity]) {
    const timeline = await timelineOf(lines, lag);
    assert.deepEqual(findBatchPatterns(timeline).map((p) => [p.steps, p.batches]), [[["POST (no session id)", CALL], 2]], `lag ${lag}`);
  }
});

test("filtered by client or session, with late answers, the patterns are those of the filtered model's batches", async () => {
  const late = unknownKind(0, "a/1");
  const lines = [
    late,
    ...initialize(0.2, "B1", null, { ua: "b/1" }),
    ...call(0.5, "A1", { ua: "a/1" }),
    ...call(1, "B1", { ua: "b/1" }),
    ...initialize(10, "A2", null, { ua: "a/1" }),
    ...call(10.5, "A2", { ua: "a/1" }),
    ...call(10.7, "B1", { ua: "b/1", rpc: "tools/list" }),
    ...call(20, "A1", { ua: "a/1" }),
    ...call(20.2, "B1", { ua: "b/1" }),
    unknownKind(20.4, "b/1"),
    ...call(20.6, "A2", { ua: "a/1" }),
    response(25, late, "A0"),
  ];
  for (const lag of [1, 2, Infinity]) {
    const whole = await timelineOf(lines, lag);
    for (const filter of [{ client: null, session: null }, { client: "a/1", session: null }, { client: "B/1", session: null }, { client: null, session: "A2" }, { client: null, session: "A1" }, { client: null, session: "A0" }]) {
      const timeline = filterTimeline(whole, filter);
      assert.deepEqual(findBatchPatterns(timeline), patternsReadFromBatches(timeline), `lag ${lag}, ${JSON.stringify(filter)}`);
    }
  }
});

for (const name of WALK_FIXTURES) {
  test(`${name}: the patterns are those of the model's batches, whole and filtered, at any lag`, async () => {
    const lines = await fixtureLines(name);
    for (const lag of [1, 7, Infinity]) {
      const whole = await timelineOf(lines, lag);
      const filters = [
        { client: null, session: null },
        ...whole.clients.slice(0, 3).map((c) => ({ client: c.key.slice(0, 12), session: null })),
        ...[...whole.sessions].slice(0, 3).map((s) => ({ client: null, session: s.id.slice(0, 8) })),
      ];
      for (const filter of filters) {
        const timeline = filterTimeline(whole, filter);
        assert.deepEqual(findBatchPatterns(timeline), patternsReadFromBatches(timeline), `lag ${lag}, ${JSON.stringify(filter)}`);
      }
    }
  });
}
