import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hypotheses } from "../../src/hypotheses/index.js";
import type { HypothesisVerdict } from "../../src/report.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, created, disconnected, initialize, request, response, started } from "../support/log-lines.js";

type Lines = Record<string, unknown>[];
const cases: { id: string; name: string; lines: Lines; verdict: HypothesisVerdict }[] = [];
const add = (id: string, name: string, lines: Lines, verdict: HypothesisVerdict) => cases.push({ id, name, lines, verdict });

const noHeader = request(0, null);
add("server-omits-session-id", "no response lines", [request(0, null)], "not-enough-evidence");
add("server-omits-session-id", "every initialize answered with the id", initialize(0, "A", 1), "ruled-out");
add("server-omits-session-id", "an initialize answered without it", [noHeader, response(0.1, noHeader, null)], "supported");

add("intermediary-strips-header", "the id came back", [...initialize(0, "A", 1), ...call(1, "A")], "ruled-out");
// No answer carries the id: the session_created line ties it to the initialize, whose client owns it.
add("intermediary-strips-header", "the id came back, tied to its initialize by the creation line", [request(0, null), created(0.01, "A", 1), ...call(1, "A")], "ruled-out");
add("intermediary-strips-header", "only another client sent the id", [...initialize(0, "A", 1), ...call(1, "A", { ua: "other/1" })], "supported");
add("intermediary-strips-header", "issued ids never came back", [...initialize(0, "A", 1), ...initialize(60, "B", 2)], "supported");

add("server-idle-timeout", "no loss", [...initialize(0, "A", 1), ...call(100, "A")], "not-enough-evidence");
add("server-idle-timeout", "kept after 100 s, dropped after 10 s", [...initialize(0, "A", 1), ...call(100, "A"), ...initialize(110, "B", 2)], "ruled-out");
add("server-idle-timeout", "dropped after 60 s, never kept longer", [...initialize(0, "A", 1), ...initialize(60, "B", 2)], "not-enough-evidence");

add("stream-disconnect-causes-loss", "no disconnect lines", [...initialize(0, "A", 1), ...initialize(60, "B", 2)], "not-enough-evidence");
add("stream-disconnect-causes-loss", "used after its stream closed", [...initialize(0, "A", 1), disconnected(1, "A", 200), ...call(30, "A")], "ruled-out");
add("stream-disconnect-causes-loss", "every loss after a closed stream", [...initialize(0, "A", 1), disconnected(1, "A", 200), ...initialize(60, "B", 2)], "supported");
add("stream-disconnect-causes-loss", "the dropped session's stream closed only after the loss", [...initialize(0, "A", 1), ...initialize(60, "B", 2), disconnected(61, "A", 200)], "not-enough-evidence");

add("server-side-eviction", "the server still held the dropped session", [...initialize(0, "A", 1), ...initialize(60, "B", 2)], "ruled-out");
add("server-side-eviction", "a re-initialize after the server closed the session", [...initialize(0, "A", 1), { event: "session_closed", timestamp: "2026-02-27T08:00:30Z", session_id: "A", active_sessions: 0 }, ...initialize(60, "B", 1)], "supported");

add("server-restart", "a loss without restart", [...initialize(0, "A", 1), ...initialize(60, "B", 2)], "ruled-out");
add("server-restart", "the only re-initialize follows a restart", [...initialize(0, "A", 1), started(30, 2), ...initialize(60, "B", 1)], "supported");

describe("hypotheses", () => {
  for (const c of cases) {
    test(`${c.id}: ${c.name} → ${c.verdict}`, async () => {
      const hypothesis = hypotheses.find((h) => h.id === c.id)!;
      const decision = hypothesis.decide(await timelineOf(c.lines));
      assert.equal(decision.verdict, c.verdict, decision.reason);
      if (decision.verdict !== "not-enough-evidence") assert.ok(decision.evidence.length > 0, "a verdict names its evidence");
    });
  }
  test("every hypothesis has a table here", () => {
    assert.deepEqual(new Set(cases.map((c) => c.id)), new Set(hypotheses.map((h) => h.id)));
  });
});
