import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { runAnalyzers } from "../../src/analyzers/run-analyzers.js";
import { sessionChurn } from "../../src/analyzers/session-churn.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, initialize, started } from "../support/log-lines.js";

testAnalyzer(sessionChurn, {
  valid: [
    { name: "one session reused in a later batch", lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...call(60, "A")] },
    { name: "re-initialize after a 404 (spec item 4)", lines: [...initialize(0, "A", 1), ...call(60, "A", {}, 404), ...initialize(60.2, "B", 1)] },
    { name: "re-initialize after a server restart", lines: [...initialize(0, "A", 1), started(30, 2), ...initialize(60, "B", 1)] },
    {
      name: "re-initialize after DELETE",
      lines: [...initialize(0, "A", 1), ...call(1, "A", { method: "DELETE", rpc: null }), ...initialize(60, "B", 1)],
    },
    {
      name: "churn 0.50 is not above acceptedChurnRatio 0.5",
      settings: { acceptedChurnRatio: 0.5 },
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(60, "B", 2), ...call(60.5, "B")],
    },
  ],
  invalid: [
    {
      name: "a fresh initialize in the next batch while the first session is alive",
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(60, "B", 2), ...call(60.5, "B")],
      expected: [{ lines: [6], client: "buggy/1.0" }],
    },
    {
      name: "only the client that re-initializes is blamed",
      lines: [...initialize(0, "A", 1, { ua: "good/1" }), ...initialize(1, "B", 2), ...call(60, "A", { ua: "good/1" }), ...initialize(61, "C", 3)],
      expected: [{ lines: [9], client: "buggy/1.0" }],
    },
    {
      name: "churn 0.50 is above acceptedChurnRatio 0.4",
      settings: { acceptedChurnRatio: 0.4 },
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(60, "B", 2), ...call(60.5, "B")],
      expected: [{ lines: [6], client: "buggy/1.0" }],
    },
    {
      // Their losses are read together in row order: each client's evidence must stay its own, in its order.
      name: "two clients' losses interleaved",
      // lines: 1–3 x, 4–6 y, 7–9 x, 10–12 y, 13–15 x, 16–18 y
      lines: [
        ...initialize(0, "A", 1, { ua: "x/1" }), ...initialize(1, "B", 2, { ua: "y/1" }), ...initialize(60, "C", 3, { ua: "x/1" }),
        ...initialize(61, "D", 4, { ua: "y/1" }), ...initialize(120, "E", 5, { ua: "x/1" }), ...initialize(121, "F", 6, { ua: "y/1" }),
      ],
      expected: [{ lines: [7, 13], client: "x/1" }, { lines: [10, 16], client: "y/1" }],
    },
  ],
});

test("a client that lost more sessions than a finding lists: the first lines, and the full count in the message too", async () => {
  const lines = Array.from({ length: MAX_EVIDENCE + 11 }, (_, i) => initialize(i * 60, `S${i}`, null)).flat();
  const [finding] = runAnalyzers([sessionChurn], await timelineOf(lines));
  assert.equal(finding!.evidenceCount, MAX_EVIDENCE + 10);
  assert.match(finding!.message, new RegExp(`lost its session ${MAX_EVIDENCE + 10} time\\(s\\) in ${MAX_EVIDENCE + 11} batch`));
  // Every initialize after the first is a loss: its request, the first of its three lines.
  assert.deepEqual(
    finding!.evidence.map((e) => e.line),
    Array.from({ length: MAX_EVIDENCE }, (_, i) => (i + 1) * 3 + 1),
  );
});
