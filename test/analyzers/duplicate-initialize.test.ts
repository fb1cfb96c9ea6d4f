import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { duplicateInitialize } from "../../src/analyzers/duplicate-initialize.js";
import { runAnalyzers } from "../../src/analyzers/run-analyzers.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";

testAnalyzer(duplicateInitialize, {
  valid: [
    { name: "initializes a minute apart are two batches", lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2)] },
    { name: "one initialize in each of three batches, calls between", lines: [...initialize(0, "A", 1), ...call(1, "A"), ...initialize(60, "B", 2), ...call(61, "B"), ...initialize(120, "C", 3)] },
  ],
  invalid: [
    { name: "two initializes 0.4 s apart", lines: [...initialize(0, "A", 1), ...initialize(0.4, "B", 2)], expected: [{ lines: [1, 4], client: "buggy/1.0" }] },
    {
      name: "a call between two initializes of one batch, then a second such batch",
      // lines: 1–3 initialize, 4–5 call, 6–8 initialize; 9–11 and 12–14 a minute later
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(1, "B", 2), ...initialize(60, "C", 3), ...initialize(60.5, "D", 4)],
      expected: [{ lines: [1, 6, 9, 12] }],
    },
    {
      name: "three initializes in one batch, one alone in the next, two in the third",
      // lines: 1–9 three initializes; 10–12 a minute later; 13–18 two more a minute after that
      lines: [...initialize(0, "A", 1), ...initialize(0.3, "B", 2), ...initialize(0.6, "C", 3), ...initialize(60, "D", 4), ...initialize(120, "E", 5), ...initialize(120.5, "F", 6)],
      expected: [{ lines: [1, 4, 7, 13, 16] }],
    },
    {
      name: "two clients' initializes interleaved, each client's batch holding two",
      // lines: 1–3 a, 4–6 b, 7–9 a, 10–12 b; a alone again a minute later (13–15)
      lines: [
        ...initialize(0, "A", 1, { ua: "a/1" }), ...initialize(0.2, "B", 2, { ua: "b/1" }), ...initialize(0.4, "C", 3, { ua: "a/1" }),
        ...initialize(0.6, "D", 4, { ua: "b/1" }), ...initialize(60, "E", 5, { ua: "a/1" }),
      ],
      expected: [{ lines: [1, 7], client: "a/1" }, { lines: [4, 10], client: "b/1" }],
    },
  ],
});

test("a client with many batches of duplicate initializes: one finding, the counts, the first batch, the first lines", async () => {
  // 40 batches a minute apart, each of three initializes 0.5 s apart after a call: 120 initializes, 8 lines a batch.
  const lines = Array.from({ length: 40 }, (_, b) => [
    ...call(b * 60, "X"),
    ...initialize(b * 60 + 1, `A${b}`, null),
    ...initialize(b * 60 + 1.5, `B${b}`, null),
    ...initialize(b * 60 + 2, `C${b}`, null),
  ]).flat();
  // ...and a batch with one initialize, which is no duplicate.
  lines.push(...initialize(40 * 60, "D", null));
  const findings = runAnalyzers([duplicateInitialize], await timelineOf(lines));
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding!.client, "buggy/1.0");
  assert.equal(finding!.evidenceCount, 120);
  // Each batch's initializes are its lines 3, 6 and 9 (a call's two lines first).
  const initializeLines = Array.from({ length: 40 }, (_, b) => [b * 11 + 3, b * 11 + 6, b * 11 + 9]).flat();
  assert.deepEqual(
    finding!.evidence.map((e) => e.line),
    initializeLines.slice(0, MAX_EVIDENCE),
  );
  // The counts, and the first such batch as the message told it when each batch was a finding: its start (the call's time) and span.
  assert.match(finding!.message, / in 40 of 41 batch\(es\) \(120 initialize requests\)/);
  assert.match(finding!.message, /first at 2026-02-27T08:00:00\.000Z: 3 initialize requests 1\.0s apart/);
});

test("in a filtered timeline, the first batch starts at its first request, kept or not", async () => {
  // The call (X) starts the batch; the filter keeps only the initializes that made A1 and A2.
  const lines = [...call(0, "X"), ...initialize(1, "A1", null), ...initialize(1.5, "A2", null)];
  const findings = runAnalyzers([duplicateInitialize], filterTimeline(await timelineOf(lines), { client: null, session: "A" }));
  assert.deepEqual(findings.map((f) => f.evidence.map((e) => e.line)), [[3, 6]]);
  assert.match(findings[0]!.message, / in 1 of 1 batch\(es\) \(2 initialize requests\); the first at 2026-02-27T08:00:00\.000Z: 2 initialize requests 0\.5s apart/);
});
