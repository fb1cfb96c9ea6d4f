import assert from "node:assert/strict";
import { test } from "node:test";
import { clientPositions, keyCode } from "../../src/timeline/client-index.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import { requestRows, rowsOf } from "../../src/timeline/rows.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";

/** Each client's key's number as its first request's row gives it. */
const codesReadFromRows = (timeline: Timeline) => timeline.clients.map((client) => requestRows(timeline).table.clientCodeOf(rowsOf(client.requests).row(0)));

function assertPositions(timeline: Timeline) {
  const expected = codesReadFromRows(timeline);
  const positions = clientPositions(timeline);
  timeline.clients.forEach((client, k) => {
    assert.equal(positions[expected[k]!], k, client.key);
    assert.equal(keyCode(client), expected[k], client.key);
  });
}

test("each client's position by its key's number, where the clients' first requests do not come in their order", async () => {
  // y comes first; in session A, which a filter keeps, x's requests come before y's.
  const timeline = await timelineOf([
    ...call(0, "Z", { ua: "y/1" }),
    ...initialize(1, "A", 1, { ua: "x/1" }),
    ...call(2, "A", { ua: "x/1" }),
    ...call(3, "A", { ua: "y/1" }),
    ...call(4, "Z", { ua: "w/1" }),
  ]);
  assert.deepEqual(timeline.clients.map((c) => c.key), ["y/1", "x/1", "w/1"]);
  assertPositions(timeline);
  const filtered = filterTimeline(timeline, { client: null, session: "A" });
  assert.deepEqual(filtered.clients.map((c) => c.key), ["y/1", "x/1"]);
  assert.ok(rowsOf(filtered.clients[0]!.requests).row(0) > rowsOf(filtered.clients[1]!.requests).row(0));
  assertPositions(filtered);
});
