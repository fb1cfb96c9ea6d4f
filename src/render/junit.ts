import type { Finding, Report, Severity } from "../report.js";
import { isAtOrAbove, type FailLevel } from "./fail-level.js";
import { xmlLines, xmlText } from "./xml.js";

export interface JunitRule {
  readonly id: string;
  readonly severity: Severity;
}

export interface JunitOptions {
  /** The rules that ran, so rules that found nothing show as passing test cases. */
  readonly rules: readonly JunitRule[];
  readonly failOn: FailLevel;
}

interface TestCase {
  readonly rule: string;
  readonly client: string | null;
  readonly findings: readonly Finding[];
}

/**
 * JUnit XML as Jenkins, GitLab and the GitHub test-report actions read it: one test case per rule
 * per client (a rule whose findings name no client is one test case), failing when a finding is
 * at or above --fail-on; findings below it are listed in the test case's system-out.
 */
export function renderJunit(report: Report, options: JunitOptions): string {
  const cases = listTestCases(report, options.rules);
  const failing = cases.filter((c) => c.findings.some((f) => isAtOrAbove(f.severity, options.failOn))).length;
  const suiteName = `mcp-forensics ${report.input.files.map((f) => f.path).join(", ")}`;
  const counts = `tests="${cases.length}" failures="${failing}" errors="0"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="mcp-forensics" ${counts}>`,
    `  <testsuite name="${xmlText(suiteName)}" ${counts} skipped="0">`,
    ...cases.map((c) => renderTestCase(c, options.failOn)),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

function listTestCases(report: Report, rules: readonly JunitRule[]): TestCase[] {
  const cases: TestCase[] = [];
  for (const rule of rules) {
    const findings = report.findings.filter((f) => f.rule === rule.id);
    if (!findings.some((f) => f.client !== null)) {
      cases.push({ rule: rule.id, client: null, findings });
      continue;
    }
    // A client-specific rule: every client is a test case, so a client that behaves shows as passing.
    for (const client of report.clients) cases.push({ rule: rule.id, client: client.key, findings: findings.filter((f) => f.client === client.key) });
    const unattributed = findings.filter((f) => f.client === null);
    if (unattributed.length > 0) cases.push({ rule: rule.id, client: null, findings: unattributed });
  }
  return cases;
}

function renderTestCase(testCase: TestCase, failOn: FailLevel): string {
  const name = testCase.client === null ? testCase.rule : `${testCase.rule}: ${testCase.client}`;
  const open = `    <testcase classname="mcp-forensics.${xmlText(testCase.rule)}" name="${xmlText(name)}"`;
  if (testCase.findings.length === 0) return `${open}/>`;
  const failing = testCase.findings.filter((f) => isAtOrAbove(f.severity, failOn));
  const passing = testCase.findings.filter((f) => !isAtOrAbove(f.severity, failOn));
  const body: string[] = [];
  if (failing.length > 0) {
    const message = failing.map((f) => f.message).join("; ");
    body.push(`      <failure type="${failing[0]!.severity}" message="${xmlText(message)}">${xmlLines(failing.flatMap(describeFinding))}</failure>`);
  }
  if (passing.length > 0) body.push(`      <system-out>${xmlLines(passing.flatMap(describeFinding))}</system-out>`);
  return [`${open}>`, ...body, `    </testcase>`].join("\n");
}

/** The message, then the evidence as `file:line`, one per line, as a developer opens them. */
function describeFinding(finding: Finding): string[] {
  const more = finding.evidenceCount - finding.evidence.length;
  return [
    `[${finding.severity}] ${finding.message}`,
    ...finding.evidence.map((ref) => `  ${ref.file}:${ref.line}`),
    ...(more > 0 ? [`  … and ${more} more line(s)`] : []),
  ];
}
