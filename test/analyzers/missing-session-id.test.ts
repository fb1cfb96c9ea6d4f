import assert from "node:assert/strict";
import { test } from "node:test";
import { missingSessionId } from "../../src/analyzers/missing-session-id.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import { RequestCounts } from "../../src/timeline/request-counts.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, created, initialize, request, response } from "../support/log-lines.js";

const sessionLessCall = request(1, null, { rpc: "tools/call" });
const statelessCall = request(0, null, { rpc: "tools/list" });

testAnalyzer(missingSessionId, {
  valid: [
    { name: "every request after initialize carries the id", lines: [...initialize(0, "A", 1), ...call(0.5, "A")] },
    { name: "a stateless server never issued an id", lines: [statelessCall, response(0.1, statelessCall, null)] },
  ],
  invalid: [
    {
      name: "a tools/call without the id after initialize, answered 400",
      lines: [...initialize(0, "A", 1), sessionLessCall, response(1.1, sessionLessCall, null, 400)],
      expected: [{ lines: [4] }],
    },
    {
      name: "two clients interleaved: only the one given an id owes it",
      // lines: 1–3 a's initialize, 4 b's session-less call (b has no id yet), 5 a's, 6–8 b's initialize, 9 b's
      lines: [
        ...initialize(0, "A", 1, { ua: "a/1" }), request(1, null, { rpc: "tools/call", ua: "b/1" }), request(2, null, { rpc: "tools/call", ua: "a/1" }),
        ...initialize(3, "B", 2, { ua: "b/1" }), request(4, null, { rpc: "tools/call", ua: "b/1" }),
      ],
      expected: [{ lines: [5], client: "a/1" }, { lines: [9], client: "b/1" }],
    },
    {
      // S starts at its creation line (1), which no initialize claimed; the client's first request with it makes it the client's.
      name: "a client's session that started at a line before the client's first request with it",
      lines: [created(0, "S"), request(1, null, { rpc: "tools/call" }), ...call(2, "S")],
      expected: [{ lines: [2] }],
    },
  ],
});

test("the rule's count of session-less non-initializes, which it skips its walk on when 0, is theirs in the model, filtered too", async () => {
  const late = request(2, null, { rpc: null, init: undefined });
  delete late.is_initialize;
  const timeline = await timelineOf([
    ...initialize(0, "A", 1, { ua: "a/1" }),
    request(1, null, { rpc: "tools/call", ua: "a/1" }),
    // Of unknown kind when the fold releases it, made an initialize by its answer: never one that offends.
    late,
    ...call(3, "A", { ua: "b/1" }),
    request(4, null, { rpc: "tools/list", ua: "b/1" }),
    response(500, late, "B"),
  ]);
  const offendingKind = (model: Timeline) => [...model.requests].filter((r) => r.sessionId === null && r.isInitialize === false).length;
  for (const model of [timeline, filterTimeline(timeline, { client: "b/1", session: null }), filterTimeline(timeline, { client: null, session: "B" })]) {
    assert.equal(model.tallies.of(RequestCounts).counts.nullSessionNonInitializeRequests, offendingKind(model));
  }
  assert.equal(offendingKind(timeline), 2);
  assert.equal([...missingSessionId.detect(timeline)].length, 1);
});
