import assert from "node:assert/strict";
import { test } from "node:test";
import { describeClientBehaviour } from "../../src/timeline/client-behaviour.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";

test("sessions reused across batches are counted for the client that owns them, a use by another client included", async () => {
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  const lines = [
    ...initialize(0, "A1", 1, a),
    ...initialize(0.5, "B1", 2, b),
    ...call(1, "A1", a),
    ...call(1.5, "B1", b), // B1: one batch only
    ...call(10, "A1", a), // A1: used again in A's next batch
    ...initialize(20, "B2", 2, b),
    ...call(20.5, "B2", a), // B2: sent back by another client, in B's batch
    ...initialize(30, "A2", 3, a), // A2: never used
  ];
  const timeline = await timelineOf(lines);
  const byKey = new Map(timeline.clients.map((client) => [client.key, describeClientBehaviour(client, timeline)]));
  const [ofA, ofB] = ["a/1.0", "b/1.0"].map((ua) => [...byKey].find(([key]) => key.startsWith(ua))![1]);
  assert.deepEqual([ofA!.sessionCount, ofA!.sessionsReusedAcrossBatches], [2, 1]);
  assert.deepEqual([ofB!.sessionCount, ofB!.sessionsReusedAcrossBatches], [2, 1]);
  // A filtered timeline counts only the sessions it keeps.
  const filtered = filterTimeline(timeline, { client: null, session: "A1" });
  assert.deepEqual(filtered.clients.map((client) => [client.key.split(" ")[0], describeClientBehaviour(client, filtered).sessionCount]), [["a/1.0", 1]]);
});

test("each client's initializes and DELETE requests, and in a filtered timeline only the kept ones", async () => {
  const a = { ua: "a/1.0" };
  const b = { ua: "b/1.0" };
  const lines = [
    ...initialize(0, "A1", 1, a),
    ...initialize(0.5, "B1", 2, b),
    ...call(1, "B1", { ...b, method: "DELETE", rpc: null }),
    ...initialize(2, "A2", 2, a),
    ...call(3, "A2", { ...a, method: "DELETE", rpc: null }),
  ];
  const counts = (timeline: Awaited<ReturnType<typeof timelineOf>>) =>
    timeline.clients.map((client) => {
      const { initializes, deletes } = describeClientBehaviour(client, timeline);
      return [client.key.split(" ")[0], initializes, deletes];
    });
  const whole = await timelineOf(lines);
  assert.deepEqual(counts(whole), [["a/1.0", 2, 1], ["b/1.0", 1, 1]]);
  // A2's initialize made it, and its DELETE named it: A1's initialize is left out.
  assert.deepEqual(counts(filterTimeline(whole, { client: null, session: "A2" })), [["a/1.0", 1, 1]]);
  assert.deepEqual(counts(filterTimeline(whole, { client: "b/", session: null })), [["b/1.0", 1, 1]]);
});
