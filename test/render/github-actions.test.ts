import assert from "node:assert/strict";
import { test } from "node:test";
import { capStepSummary, MAX_STEP_SUMMARY_BYTES, renderWorkflowCommands, workspacePath } from "../../src/render/github-actions.js";
import { buildHostileReport } from "./hostile-report.js";

test("log text cannot start a workflow command of its own: % CR LF escaped, : and , escaped in properties", () => {
  const out = renderWorkflowCommands(buildHostileReport(), { failOn: "error", workspace: "/repo" });
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^::error file=logs\/a%2Cb%3Ac\.jsonl,line=7,title=mcp-forensics session-churn::evil/);
  assert.doesNotMatch(out, /[\r\u0000\u001b]/);
  assert.match(out, /%250A/, "a literal %0A in the log is not decoded into a newline");
});

test("nothing at --fail-on never; at most 10 annotations per level", () => {
  const report = buildHostileReport();
  assert.equal(renderWorkflowCommands(report, { failOn: "never", workspace: "/repo" }), "");
  const many = { ...report, findings: Array.from({ length: 15 }, () => report.findings[0]!) };
  assert.equal(renderWorkflowCommands(many, { failOn: "error", workspace: "/repo" }).trimEnd().split("\n").length, 10);
});

test("file= only for a log inside the workspace", () => {
  assert.equal(workspacePath("/repo/logs/server.log", "/repo"), "logs/server.log");
  assert.equal(workspacePath("logs/server.log", "/repo"), "logs/server.log");
  assert.equal(workspacePath("/tmp/server.log", "/repo"), null);
  assert.equal(workspacePath("../server.log", "/repo"), null);
  const outside = { ...buildHostileReport() };
  outside.findings = [{ ...outside.findings[0]!, evidence: [{ file: "/tmp/x.log", line: 3 }] }];
  assert.match(renderWorkflowCommands(outside, { failOn: "error", workspace: "/repo" }), /^::error title=/);
});

test("the step summary is cut at 1 MiB without splitting a character", () => {
  const big = "é".repeat(MAX_STEP_SUMMARY_BYTES);
  const capped = capStepSummary(big);
  assert.ok(Buffer.byteLength(capped) <= MAX_STEP_SUMMARY_BYTES);
  assert.doesNotMatch(capped, /\uFFFD/);
  assert.match(capped, /1 MiB/);
  assert.equal(capStepSummary("# small\n"), "# small\n");
});
