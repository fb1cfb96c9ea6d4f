import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_HYPOTHESIS_EVIDENCE } from "../../src/hypotheses/hypothesis.js";
import { tallyReinitializations } from "../../src/hypotheses/reinitialization-tally.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import { call, closed, created, initialize, request, started } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/** What the rules read before the walk told them: one pass over the timeline's re-initializes after the fold. */
function readAfterTheFold(timeline: Timeline, kind: "after-restart" | "after-end") {
  const reinitializations = reinitializationsOf(timeline);
  let ofKind = 0;
  let losses = 0;
  const lossRefs = [];
  for (let i = 0; i < reinitializations.length; i++) {
    if (reinitializations.kindAt(i) === kind) ofKind++;
    else if (reinitializations.isLossAt(i) && losses++ < MAX_HYPOTHESIS_EVIDENCE) lossRefs.push(reinitializations.requestAt(i).ref);
  }
  return { ofKind, losses, lossRefs };
}

function assertTallied(timeline: Timeline, message: string) {
  for (const kind of ["after-restart", "after-end"] as const) assert.deepEqual(tallyReinitializations(timeline, kind), readAfterTheFold(timeline, kind), `${message}, ${kind}`);
}

/** A random log of three clients, with server restarts logged among its lines. */
function randomLogWithRestarts(seed: number): Line[] {
  const lines = randomSessionLog(seed, { initialize: 0.3, createdAhead: 0.05, close: 0.15 });
  for (const at of [lines.length >> 2, (3 * lines.length) >> 2]) lines.splice(at, 0, started(Date.parse(lines[at]!.timestamp as string) / 1000 - Date.parse("2026-02-27T08:00:00Z") / 1000, at));
  return lines;
}

test("the tally counts by kind and keeps the first losses' lines as a pass over the timeline's re-initializes, filtered or not, at any lag", async () => {
  for (const seed of [3, 4, 5]) {
    const lines = randomLogWithRestarts(seed);
    for (const lag of [1, 4, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      const whole = readAfterTheFold(timeline, "after-restart");
      // Else the test would prove little: more losses than are kept, and each kind there.
      assert.ok(whole.losses > MAX_HYPOTHESIS_EVIDENCE && whole.ofKind > 0 && readAfterTheFold(timeline, "after-end").ofKind > 0, `seed ${seed}`);
      assertTallied(timeline, `seed ${seed}, lag ${lag}`);
      for (const client of ["client0", "client2"]) {
        const filtered = filterTimeline(timeline, { client, session: null });
        assert.ok(readAfterTheFold(filtered, "after-restart").losses < whole.losses);
        assertTallied(filtered, `seed ${seed}, lag ${lag}, --client ${client}`);
      }
      const session = timeline.reinitializations.at(-1)!.request.sessionId ?? [...timeline.sessions].at(-1)!.id;
      assertTallied(filterTimeline(timeline, { client: null, session }), `seed ${seed}, lag ${lag}, --session ${session}`);
    }
  }
});

test("an owner noted after the sweep passed its loss (a late fact) leaves the tally as the timeline lists the re-initializes", async () => {
  // S has no owner until a's call with it (the last line): the sweep had called a's initialize a first one.
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  const lines = [created(0, "S"), request(1, null, a), ...initialize(2, "B", null, b), ...call(3, "B", b), ...initialize(4, "C", null, b), closed(4.5, "C"), ...initialize(5, "D", null, b), ...call(6, "S", a)];
  const atEnd = await timelineTrailing(lines, Infinity);
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.notDeepEqual(readAfterTheFold(trailing, "after-end"), readAfterTheFold(atEnd, "after-end"));
  assertTallied(trailing, "late owner");
  assertTallied(atEnd, "at the end");
});
