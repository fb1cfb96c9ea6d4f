import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTable } from "../../src/render/table.js";
import { buildSampleReport, SESSION_A } from "./sample-report.js";

const OPTIONS = { color: false, fullIds: false, width: 100 };

test("renderTable writes no escape sequence when colour is off", () => {
  const output = renderTable(buildSampleReport(), OPTIONS);
  assert.ok(!output.includes("\x1b"));
  assert.match(output, /new-session-every-batch/);
  assert.match(output, /missing-delete/);
  assert.match(output, /ruled out/);
});

test("renderTable colours verdicts and severities when colour is on", () => {
  const output = renderTable(buildSampleReport(), { ...OPTIONS, color: true });
  assert.ok(output.includes("\x1b[31mnew-session-every-batch\x1b[39m"));
  assert.ok(output.includes("\x1b[33mwarning\x1b[39m"));
});

test("renderTable shows an escape sequence from the log as text, even in colour", () => {
  const sample = buildSampleReport();
  const hostile = "evil\x1b[2J\x9b31m\u202e";
  const report = buildSampleReport({ clients: [{ ...sample.clients[0]!, key: hostile }] });
  const output = renderTable(report, { ...OPTIONS, color: true, width: 200 });
  assert.ok(output.includes("evil\\x1b[2J\\x9b31m\\u202e"));
  assert.ok(!output.includes("\x1b[2J") && !output.includes("\x9b") && !output.includes("\u202e"));
});

test("renderTable shortens session ids unless fullIds", () => {
  assert.ok(renderTable(buildSampleReport(), OPTIONS).includes("[59c7c2b5]"));
  assert.ok(renderTable(buildSampleReport(), { ...OPTIONS, fullIds: true, width: 200 }).includes(`[${SESSION_A}]`));
});

test("renderTable fits its tables to the width", () => {
  const output = renderTable(buildSampleReport(), { ...OPTIONS, width: 120 });
  const widest = Math.max(...output.split("\n").map((line) => line.length));
  assert.ok(widest <= 120, `${widest} columns`);
});

test("renderTable notes skipped lines and limitations in one line", () => {
  assert.match(renderTable(buildSampleReport(), OPTIONS), /Note: 1 line skipped; could not check: response headers[^\n]*\n[^\n]*Skipped by reason: invalid JSON ×1 \(capture-2\.jsonl:12\)/);
});

test("renderTable draws a sparkline of active sessions and, when wide, one lifeline per session", () => {
  const wide = renderTable(buildSampleReport(), { ...OPTIONS, width: 120 });
  assert.match(wide, /Active sessions [▁▂▃▄▅▆▇█]+ peak 2, 08:28:46Z to 09:13:36Z/);
  assert.match(wide, /^59c7c2b5 {2}│━+┄+│ orphaned$/m);
  assert.match(wide, /^3602c17d {2}│━+┄+│ deleted$/m);
  const narrow = renderTable(buildSampleReport(), { ...OPTIONS, width: 80 });
  assert.match(narrow, /Active sessions/);
  assert.doesNotMatch(narrow, /│ orphaned$/m);
  const off = renderTable(buildSampleReport(), { ...OPTIONS, width: 120, charts: false });
  assert.doesNotMatch(off, /Active sessions|│ orphaned$/m);
});
