import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_TIMELINE_ENTRIES, narrateTimeline } from "../../src/timeline/narrate.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, created, disconnected, initialize, request, response, started } from "../support/log-lines.js";

test("restarts are told in log order, an inferred one at the initialize that revealed it", async () => {
  const b = request(2, null);
  const lines = [
    started(0, 1),
    ...initialize(1, "A", 1),
    b, // line 5: B's initialize, handled by the process that restarted after it
    started(3, 2), // line 6: a restart, found first
    created(4, "B", 0), // line 7: the count says B's process held nothing: a restart before line 5
    response(5, b, "B"),
  ];
  const timeline = await timelineOf(lines);
  assert.deepEqual(timeline.restarts.map((r) => r.ref.line), [6, 7], "the walk finds the restart of line 6 first");
  const told = narrateTimeline(timeline).entries.flatMap((e) => (e.type === "server-restart" ? [e.ref.line] : []));
  assert.deepEqual(told, [7, 6]);
});

test("a run after its session's stream closed is marked, also when the stream closed before the session's first request", async () => {
  const lines = [
    ...initialize(0, "A", 1),
    disconnected(1, "A", 500), // before any request carried A's id
    ...call(2, "A"),
    disconnected(3, "A", 500),
    ...call(4, "A"),
    ...call(5, "A"),
    disconnected(6, "Z", 500), // a session no request names
  ];
  const runs = narrateTimeline(await timelineOf(lines)).entries.flatMap((e) => (e.type === "requests" ? [[e.afterStreamClosed, e.count]] : []));
  assert.deepEqual(runs, [[true, 1], [true, 2]]);
});

test("past MAX_TIMELINE_ENTRIES entries are counted, idle gaps among them, also when a gap takes the last place", async () => {
  // initialize, creation, a run at 1 s, then a run every 61 s: each after an idle gap.
  const lines = [...initialize(0, "A", 1), ...call(1, "A")];
  for (let j = 1; j <= 600; j++) lines.push(...call(1 + 61 * j, "A"));
  const { entries, omitted } = narrateTimeline(await timelineOf(lines));
  assert.equal(entries.length, MAX_TIMELINE_ENTRIES);
  assert.equal(omitted, 3 + 2 * 600 - MAX_TIMELINE_ENTRIES);
  assert.deepEqual(entries.slice(0, 5).map((e) => e.type), ["initialize", "session-created", "requests", "idle-gap", "requests"]);
  assert.equal(entries.at(-1)!.type, "idle-gap", "the last place goes to the gap; the run after it is counted");
  assert.ok(entries.every((e) => e.type !== "requests" || e.count === 1));
});
