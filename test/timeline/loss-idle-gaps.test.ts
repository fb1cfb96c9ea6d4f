import assert from "node:assert/strict";
import { test } from "node:test";
import { ReinitializationTally } from "../../src/hypotheses/reinitialization-tally.js";
import { summarizeRead } from "../../src/statistics.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { LossIdleGaps } from "../../src/timeline/loss-idle-gaps.js";
import type { Timeline } from "../../src/timeline/model.js";
import { call, created, initialize, request } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/** The report's loss count and idle gaps before a loss as it read them before the walk told them: from the timeline's re-initializes after the fold. */
function readAfterTheFold(timeline: Timeline) {
  const reinitializations = reinitializationsOf(timeline);
  let losses = 0;
  for (let i = 0; i < reinitializations.length; i++) if (reinitializations.isLossAt(i)) losses++;
  return { losses, idleGapBeforeLossMs: summarizeRead(reinitializations.length, (i) => (reinitializations.isLossAt(i) ? reinitializations.idleGapAt(i) : null)) };
}

const told = (timeline: Timeline) => ({ losses: timeline.tallies.of(ReinitializationTally).losses, idleGapBeforeLossMs: timeline.tallies.of(LossIdleGaps).gaps.summarize() });

test("the losses and their idle gaps, told in the walk, are what the timeline's re-initializes give, filtered or not, at any lag", async () => {
  for (const seed of [11, 12, 13]) {
    const lines = randomSessionLog(seed, { initialize: 0.3, createdAhead: 0.05, close: 0.1 });
    for (const lag of [1, 4, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      const whole = readAfterTheFold(timeline);
      // Else the test would prove little: many losses, of gaps more distinct than few.
      assert.ok(whole.losses > 10 && whole.idleGapBeforeLossMs.max! - whole.idleGapBeforeLossMs.min! > 1000, `seed ${seed}`);
      assert.deepEqual(told(timeline), whole, `seed ${seed}, lag ${lag}`);
      for (const client of ["client0", "client1"]) {
        const filtered = filterTimeline(timeline, { client, session: null });
        assert.ok(readAfterTheFold(filtered).losses < whole.losses);
        assert.deepEqual(told(filtered), readAfterTheFold(filtered), `seed ${seed}, lag ${lag}, --client ${client}`);
      }
      const session = [...timeline.sessions].at(-1)!.id;
      const bySession = filterTimeline(timeline, { client: null, session });
      assert.deepEqual(told(bySession), readAfterTheFold(bySession), `seed ${seed}, lag ${lag}, --session ${session}`);
    }
  }
});

test("a loss the sweep missed for an owner noted late is missed by both, and a client's first initialize has no gap", async () => {
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  // S is a's only from its last line: the sweep, one event behind, had called a's initialize (line 2) a first one.
  const lines = [created(0, "S"), request(1, null, a), ...initialize(2, "B", null, b), ...initialize(2.5, "C", null, b), ...call(3, "B", b), ...call(4, "S", a)];
  const atEnd = await timelineTrailing(lines, Infinity);
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  // The first initialize of a (the loss at the end) has no gap: only b's loss of B has one.
  assert.deepEqual(told(atEnd), { losses: 2, idleGapBeforeLossMs: { count: 1, min: 500, median: 500, p95: 500, max: 500 } });
  assert.deepEqual(told(trailing), readAfterTheFold(trailing));
  assert.deepEqual(told(trailing).losses, 1);
});
