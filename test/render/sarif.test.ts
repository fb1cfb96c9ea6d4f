import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv } from "ajv";
import { MAX_SARIF_RESULTS, renderSarif, toArtifactUri } from "../../src/render/sarif.js";
import { fixture, ROOT, runCli } from "../support/run-cli.js";
import { buildHostileReport } from "./hostile-report.js";

/**
 * The OASIS SARIF 2.1.0 schema as shipped in @microsoft/jest-sarif 1.0.0-beta.0
 * (lib/schemas/sarif-2.1.0-rtm.5.json, MIT). It is draft-04; ajv 8 reads it as draft-07 once the
 * draft-04 markers are removed (it uses no keyword whose meaning changed). Formats are not checked, and its patterns are
 * read without the u flag: rtm.5 has one (language) that is invalid as a unicode regex.
 */
function compileSarifSchema() {
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(`${ROOT}test/render/sarif-2.1.0-rtm.5.json`, "utf8"));
  return new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false }).compile(schema);
}

const RULES = [{ id: "session-churn", description: "A client lost its session.", severity: "error" as const, specRef: "MCP spec, item 2" }];

test("real CLI SARIF output on capture-2 validates against the SARIF 2.1.0 schema", async () => {
  const result = await runCli(["analyze", "fixtures/capture-2.jsonl", "--format", "sarif"]);
  assert.equal(result.code, 1);
  const sarif = JSON.parse(result.stdout);
  const validate = compileSarifSchema();
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(validate({ version: "2.1.0", runs: [{ results: [] }] }), false, "the schema is not vacuous: a run needs a tool");
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, "mcp-forensics");
  assert.ok(run.tool.driver.rules.length >= 8);
  assert.equal(run.results.length, 5);
  for (const r of run.results) {
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.ok(r.message.text.length > 0);
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, "fixtures/capture-2.jsonl");
    assert.ok(Number.isInteger(r.locations[0].physicalLocation.region.startLine));
    assert.match(Object.values(r.partialFingerprints)[0] as string, /^[0-9a-f]{32}$/);
  }
  const churn = run.results.find((r: { ruleId: string }) => r.ruleId === "session-churn");
  assert.equal(churn.level, "error");
  assert.equal(churn.relatedLocations.length, 11, "the other evidence lines");
});

test("--rule changes the SARIF level and off drops the rule from the driver", async () => {
  const result = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "sarif", "--rule", "session-churn=info", "--rule", "missing-delete=off"]);
  const run = JSON.parse(result.stdout).runs[0];
  assert.equal(run.results.find((r: { ruleId: string }) => r.ruleId === "session-churn").level, "note");
  assert.ok(!run.tool.driver.rules.some((r: { id: string }) => r.id === "missing-delete"));
  assert.ok(!run.results.some((r: { ruleId: string }) => r.ruleId === "missing-delete"));
});

test("fingerprints are stable and distinct; results are capped at 25,000 with a notification", () => {
  const report = buildHostileReport();
  const many = { ...report, findings: Array.from({ length: MAX_SARIF_RESULTS + 3 }, () => report.findings[0]!) };
  const sarif = JSON.parse(renderSarif(many, { rules: RULES, workspace: "/repo" }));
  const validate = compileSarifSchema();
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors?.slice(0, 3)));
  const run = sarif.runs[0];
  assert.equal(run.results.length, MAX_SARIF_RESULTS);
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /^3 result/);
  const prints = new Set(run.results.map((r: { partialFingerprints: Record<string, string> }) => Object.values(r.partialFingerprints)[0]));
  assert.equal(prints.size, MAX_SARIF_RESULTS);
  assert.deepEqual(JSON.parse(renderSarif(report, { rules: RULES, workspace: "/repo" })).runs[0].results[0].partialFingerprints, run.results[0].partialFingerprints);
});

test("a finding with more evidence than it lists says so in its message and gives the count", () => {
  const report = buildHostileReport();
  const finding = report.findings[0]!;
  const refs = Array.from({ length: 50 }, (_, i) => ({ file: "/repo/server.jsonl", line: i + 1 }));
  const capped = { ...report, findings: [{ ...finding, evidence: refs, evidenceCount: 120 }, { ...finding, evidence: refs.slice(0, 2), evidenceCount: 2 }] };
  const sarif = JSON.parse(renderSarif(capped, { rules: RULES, workspace: "/repo" }));
  const validate = compileSarifSchema();
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors?.slice(0, 3)));
  const [many, few] = sarif.runs[0].results;
  assert.ok(many.message.text.endsWith("(120 evidence lines: the first 50 are located here)"), many.message.text);
  assert.equal(many.relatedLocations.length, 49);
  assert.equal(many.properties.evidenceCount, 120);
  assert.equal(few.message.text, finding.message, "a finding that lists every line keeps its message");
  assert.equal(few.properties.evidenceCount, 2);
});

test("artifact URIs: relative inside the workspace, percent-encoded, file: outside", () => {
  assert.equal(toArtifactUri("/repo/logs/server log#1.jsonl", "/repo"), "logs/server%20log%231.jsonl");
  assert.equal(toArtifactUri("fixtures/capture-2.jsonl", "/repo"), "fixtures/capture-2.jsonl");
  assert.equal(toArtifactUri("/tmp/server.jsonl", "/repo"), "file:///tmp/server.jsonl");
});
