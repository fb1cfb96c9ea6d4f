import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { missingDelete } from "../../src/analyzers/missing-delete.js";
import { runAnalyzers } from "../../src/analyzers/run-analyzers.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";

testAnalyzer(missingDelete, {
  valid: [
    { name: "DELETE before starting another session", lines: [...initialize(0, "A", 1), ...call(1, "A", { method: "DELETE", rpc: null }), ...initialize(60, "B", 1)] },
    { name: "one session still in use at the end of the log", lines: [...initialize(0, "A", 1), ...call(30, "A")] },
  ],
  invalid: [
    {
      name: "a session abandoned for a new one without DELETE",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2)],
      expected: [{ lines: [2], client: "buggy/1.0" }],
    },
  ],
});

test("a client that abandoned more sessions than a finding lists: the first lines, and the full count", async () => {
  const lines = Array.from({ length: MAX_EVIDENCE + 11 }, (_, i) => initialize(i * 60, `S${i}`, null)).flat();
  const [finding] = runAnalyzers([missingDelete], await timelineOf(lines));
  assert.equal(finding!.evidenceCount, MAX_EVIDENCE + 10);
  assert.deepEqual(
    finding!.evidence.map((e) => e.line),
    Array.from({ length: MAX_EVIDENCE }, (_, i) => i * 3 + 2),
  );
});

test("clients whose abandoned sessions interleave in the log: each finding lists its own client's, in its order", async () => {
  // Sessions a0, b0, a1, b1, … started in turn by two clients (three lines each), then a last one each.
  const lines = Array.from({ length: 8 }, (_, i) => initialize(i * 60, `${"ab"[i % 2]}${i}`, null, { ua: `${"ab"[i % 2]}/1` })).flat();
  lines.push(...initialize(600, "a-last", null, { ua: "a/1" }), ...initialize(660, "b-last", null, { ua: "b/1" }));
  const findings = runAnalyzers([missingDelete], await timelineOf(lines));
  assert.deepEqual(
    findings.map((f) => [f.client, f.evidence.map((e) => e.line)]),
    [
      ["a/1", [2, 8, 14, 20]],
      ["b/1", [5, 11, 17, 23]],
    ],
  );
});
