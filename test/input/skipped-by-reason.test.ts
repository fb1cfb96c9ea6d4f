import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { classifySkipReason, InputSummary, MAX_LISTED_SKIPS } from "../../src/input/input-summary.js";
import { fixture, runCli } from "../support/run-cli.js";
import { ReportSchema } from "../../src/report.js";

describe("skips by reason", () => {
  const cases: readonly (readonly [string, string])[] = [
    ["blank line", "blank line"],
    ["invalid JSON (Unexpected token)", "invalid JSON"],
    ["not a JSON object (array)", "not a JSON object"],
    ["missing field timestamp", "timestamp"],
    ['timestamp is not ISO-8601 with a zone: "x"', "timestamp"],
    ["field timestamp: expected an ISO-8601 string or epoch number, received boolean", "timestamp"],
    ["missing field time", "timestamp"],
    ["field session_id: expected string, received number", "field type"],
    ["missing field event", "field type"],
    ["line longer than 1048576 bytes", "line too long"],
    ["duplicate of line 3", "duplicate"],
    ["truncated last line (no newline at end of file): not valid UTF-8: invalid JSON (x)", "truncated last line"],
    ["not valid UTF-8: invalid JSON (x)", "not valid UTF-8"],
    ["something new", "other"],
  ];
  for (const [reason, expected] of cases) test(reason, () => assert.equal(classifySkipReason(reason), expected));

  test("counts every skip, past the 200 listed, and keeps the first 3 lines of each", () => {
    const summary = new InputSummary();
    for (let line = 1; line <= MAX_LISTED_SKIPS + 50; line++) summary.recordSkip({ file: "a", line, reason: line % 2 === 0 ? "blank line" : "invalid JSON (x)" });
    assert.equal(summary.skipped.length, MAX_LISTED_SKIPS);
    assert.deepEqual([...summary.skippedByReason.entries()], [
      ["invalid JSON", { count: 125, first: [1, 3, 5].map((line) => ({ file: "a", line })) }],
      ["blank line", { count: 125, first: [2, 4, 6].map((line) => ({ file: "a", line })) }],
    ]);
  });

  test("the report groups a file's skips, most frequent first; counts add up; every format shows them", async () => {
    const path = fixture("hostile/secrets.jsonl");
    const report = ReportSchema.parse(JSON.parse((await runCli(["analyze", path, "--format", "json", "--fail-on", "never"])).stdout));
    assert.deepEqual(report.input.skippedByReason.map((g) => [g.reason, g.count, g.first.map((r) => r.line)]), [["timestamp", 4, [6, 7, 8]], ["invalid JSON", 1, [5]]]);
    assert.equal(report.input.skippedByReason.reduce((sum, g) => sum + g.count, 0), report.input.skippedCount);
    const markdown = (await runCli(["analyze", path, "--format", "markdown", "--fail-on", "never"])).stdout;
    assert.match(markdown, /- Skipped lines by reason:\n  - timestamp ×4 \(secrets\.jsonl:6, secrets\.jsonl:7, secrets\.jsonl:8, …\)\n  - invalid JSON ×1 \(secrets\.jsonl:5\)/);
    const table = (await runCli(["analyze", path, "--format", "table", "--fail-on", "never"])).stdout;
    assert.match(table, /Skipped by reason: timestamp ×4 \(secrets\.jsonl:6, …\), invalid JSON/, "one line, cut to the width");
    const html = (await runCli(["analyze", path, "--format", "html", "--fail-on", "never"])).stdout;
    assert.match(html, /<td>timestamp<\/td><td>4<\/td><td class="ref">secrets\.jsonl:6, secrets\.jsonl:7, secrets\.jsonl:8, …<\/td>/);
  });
});
