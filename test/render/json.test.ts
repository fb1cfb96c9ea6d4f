import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../src/report.js";
import { fileURLToPath } from "node:url";
import { analyzeLog } from "../../src/analyze.js";
import { jsonPieces, renderJson } from "../../src/render/json.js";

test("renderJson escapes what JSON.stringify leaves raw for a terminal, and leaves a clean report as it is", () => {
  const hostile = { tool: { name: "evil\u009b31m\u202e\u2028", version: "1" } } as unknown as Report;
  const text = renderJson(hostile);
  assert.ok(text.includes("evil\\u009b31m\\u202e\\u2028"));
  assert.ok(!/[\u009b\u202e\u2028]/.test(text));
  assert.deepEqual(JSON.parse(text), hostile);
  const clean = { tool: { name: "mcp-forensics", version: "1" } } as unknown as Report;
  assert.equal(renderJson(clean), `${JSON.stringify(clean, null, 2)}\n`);
});

test("jsonPieces writes JSON.stringify's text piece by piece: members, runs of array elements, empty and left-out values", () => {
  const report = {
    schemaVersion: 3,
    tool: { name: "mcp-forensics", nested: { list: [1, { a: "b" }], empty: [] } },
    left: undefined,
    findings: [{ rule: "r", evidence: [{ file: "f", line: 1 }] }, "x\u009b|<b>", null, undefined, () => 1, [], {}],
    sessions: [],
    also: () => 2,
    last: [1],
  } as unknown as Report;
  const pieces = [...jsonPieces(report)];
  assert.ok(pieces.length >= 10, "pieces of members, of array elements and of the arrays' brackets");
  const text = pieces.join("");
  assert.equal(text, `${JSON.stringify(report, null, 2)}\n`.replace("\u009b", "\\u009b"));
  assert.equal(renderJson(report), text);
  assert.equal(renderJson({} as Report), "{}\n");
});

test("jsonPieces cuts a long array into runs of elements, each indented and made safe as in the whole text", () => {
  const findings = Array.from({ length: 3000 }, (_, i) => ({ rule: `r${i}`, message: i % 7 === 0 ? "bidi \u202e here" : "x".repeat(i % 50), evidence: [{ line: i }], none: i % 5 === 0 ? undefined : null }));
  const report = { schemaVersion: 1, findings, tail: [[1, [2]], undefined] } as unknown as Report;
  const pieces = [...jsonPieces(report)];
  const text = pieces.join("");
  assert.equal(text, `${JSON.stringify(report, null, 2)}\n`.replaceAll("\u202e", "\\u202e"));
  const elementPieces = pieces.filter((piece) => piece.includes('"rule"'));
  assert.ok(elementPieces.length >= 3, "several runs, not one piece for the whole array");
  assert.ok(elementPieces.length < findings.length / 10, "runs of many elements, not one piece per element");
  for (const piece of elementPieces) assert.ok(piece.startsWith('    {\n      "rule": "r') && /\n    },?\n$/.test(piece), "whole elements at their depth");
});

test("renderJson of a whole report analyzed from a fixture is JSON.stringify's text", async () => {
  const report = await analyzeLog(fileURLToPath(new URL("../../../fixtures/capture-1.jsonl", import.meta.url)), {
    batchGapMs: 2000,
    from: null,
    to: null,
    client: null,
    session: null,
    strict: false,
    toolVersion: "test",
    rules: {},
  });
  assert.ok(report.findings.length > 0 && report.sessions.length > 0);
  assert.equal(renderJson(report), `${JSON.stringify(report, null, 2)}\n`);
});
