import assert from "node:assert/strict";
import { test } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { renderJunit } from "../../src/render/junit.js";
import { buildHostileReport, HOSTILE_AGENT } from "./hostile-report.js";

const RULES = [
  { id: "session-churn", severity: "error" as const },
  { id: "server-restart", severity: "info" as const },
];

function parse(xml: string) {
  assert.equal(XMLValidator.validate(xml), true, "well-formed XML");
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "testcase" }).parse(xml);
}

test("a hostile user agent cannot break the XML: markup escaped, illegal characters dropped, controls visible", () => {
  const xml = renderJunit(buildHostileReport(), { rules: RULES, failOn: "error" });
  assert.doesNotMatch(xml, /[\u0000\u001b]/);
  assert.doesNotMatch(xml, /<x a=/);
  const suite = parse(xml).testsuites.testsuite;
  const churn = suite.testcase.find((c: { classname: string }) => c.classname === "mcp-forensics.session-churn");
  assert.match(churn.name, /^session-churn: evil<\/failure><x a="1">&\\x00\\x1b\[31m%0A\\n::error::pwned, a:b$/);
  assert.match(churn.failure.message, /evil<\/failure>/);
  assert.match(churn.failure["#text"], /logs\/a,b:c\.jsonl:7/);
  assert.ok(HOSTILE_AGENT.includes("\ud800"), "the lone surrogate was in the input");
});

test("rules without findings pass; --fail-on decides which findings fail", () => {
  const report = buildHostileReport();
  const never = parse(renderJunit(report, { rules: RULES, failOn: "never" })).testsuites;
  assert.equal(never.failures, "0");
  assert.equal(never.tests, "2");
  const failing = parse(renderJunit(report, { rules: RULES, failOn: "error" })).testsuites;
  assert.equal(failing.failures, "1");
  const restart = failing.testsuite.testcase.find((c: { name: string }) => c.name === "server-restart");
  assert.ok(restart && restart.failure === undefined);
});
