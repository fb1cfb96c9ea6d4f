import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { missingResponseSessionId } from "../../src/analyzers/missing-response-session-id.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { initialize, request, response } from "../support/log-lines.js";

const bareInitialize = request(0, null);

testAnalyzer(missingResponseSessionId, {
  valid: [{ name: "the initialize response carries the id", lines: initialize(0, "A", 1) }],
  invalid: [
    { name: "an initialize answered without the header", lines: [bareInitialize, response(0.1, bareInitialize, null)], expected: [{ lines: [2] }] },
  ],
});

test("every initialize answered without the header: the first lines listed, the full count in evidenceCount", async () => {
  // Request on lines 1, 3, 5, …; its response on the next.
  const lines = Array.from({ length: MAX_EVIDENCE + 3 }, (_, i) => {
    const req = request(i * 60, null);
    return [req, response(i * 60 + 0.1, req, null)];
  }).flat();
  const [detection, ...rest] = missingResponseSessionId.detect(await timelineOf(lines));
  assert.equal(rest.length, 0);
  assert.equal(detection!.evidenceCount, MAX_EVIDENCE + 3);
  assert.deepEqual(
    detection!.evidence.map((e) => e.line),
    Array.from({ length: MAX_EVIDENCE }, (_, i) => i * 2 + 2),
  );
  assert.match(detection!.message, /^53 of 53 /);
});
