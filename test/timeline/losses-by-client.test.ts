import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { describeClientBehaviour } from "../../src/timeline/client-behaviour.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import { call, created, initialize, request } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/** Each client's losses as read before the walk told them: every loss of timeline.reinitializations, by its request's client, kept as its request's row. */
function readAfterTheFold(timeline: Timeline) {
  const reinitializations = reinitializationsOf(timeline);
  const byKey = new Map<string, { count: number; kept: number[] }>();
  for (let i = 0; i < reinitializations.length; i++) {
    if (!reinitializations.isLossAt(i)) continue;
    const key = reinitializations.requestAt(i).clientKey;
    const losses = byKey.get(key) ?? { count: 0, kept: [] };
    if (losses.count++ < MAX_EVIDENCE) losses.kept.push(reinitializations.rowAt(i));
    byKey.set(key, losses);
  }
  return timeline.clients.map((client) => [client.key, byKey.get(client.key) ?? { count: 0, kept: [] }]);
}

const told = (timeline: Timeline) => timeline.clients.map((client) => [client.key, (({ count, kept }) => ({ count, kept: [...kept] }))(describeClientBehaviour(client, timeline).losses)]);

/** Three random clients', and one that starts over more often than MAX_EVIDENCE times without ending a session. */
function randomLogWithAChurner(seed: number): Line[] {
  const lines = randomSessionLog(seed, { initialize: 0.3, createdAhead: 0.05, close: 0.1 });
  for (let i = 0; i < MAX_EVIDENCE + 8; i++) lines.splice(3 * i + 1, 0, ...initialize(i * 0.7, `churn${seed}-${i}`, null, { ua: "churner/1.0" }));
  return lines;
}

test("each client's losses, told in the walk, are the count and first rows the timeline's re-initializes give, filtered or not, at any lag", async () => {
  for (const seed of [21, 22]) {
    const lines = randomLogWithAChurner(seed);
    for (const lag of [1, 5, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      const whole = readAfterTheFold(timeline);
      // Else the test would prove little: clients with losses, one with more than are kept.
      assert.ok(whole.filter(([, l]) => (l as { count: number }).count > 0).length >= 3 && whole.some(([, l]) => (l as { count: number }).count > MAX_EVIDENCE), `seed ${seed}`);
      assert.deepEqual(told(timeline), whole, `seed ${seed}, lag ${lag}`);
      for (const client of ["client1", "churner"]) {
        const filtered = filterTimeline(timeline, { client, session: null });
        assert.deepEqual(told(filtered), readAfterTheFold(filtered), `seed ${seed}, lag ${lag}, --client ${client}`);
      }
      for (const session of [`churn${seed}-3`, [...timeline.sessions].at(-1)!.id]) {
        const filtered = filterTimeline(timeline, { client: null, session });
        assert.deepEqual(told(filtered), readAfterTheFold(filtered), `seed ${seed}, lag ${lag}, --session ${session}`);
      }
    }
  }
});

test("a loss the sweep missed for an owner noted late is missed by the client's count as by the timeline's list", async () => {
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  const lines = [created(0, "S"), request(1, null, a), ...initialize(2, "B", null, b), ...initialize(2.5, "C", null, b), ...call(3, "B", b), ...call(4, "S", a)];
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.deepEqual(told(trailing), readAfterTheFold(trailing));
  assert.deepEqual(told(await timelineTrailing(lines, Infinity)), [["a/1.0", { count: 1, kept: [0] }], ["b/1.0", { count: 1, kept: [2] }]]);
});
