import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { fixture, runCli } from "../support/run-cli.js";

interface JsonFinding {
  rule: string;
  severity: string;
  client: string | null;
}

const findingsOf = (stdout: string): JsonFinding[] => JSON.parse(stdout).findings;
const oneLine = (text: string) => text.trim().split("\n").length === 1;

test("--rule changes a rule's severity, and the exit code follows it; off removes the rule", async () => {
  const demoted = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--rule", "session-churn=warning"]);
  assert.equal(demoted.code, 0, "the only error was demoted");
  assert.equal(findingsOf(demoted.stdout).find((f) => f.rule === "session-churn")?.severity, "warning");
  const promoted = await runCli(["analyze", fixture("restart.jsonl"), "-f", "json", "--rule", "server-restart=error"]);
  assert.equal(promoted.code, 1);
  const off = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--rule", "session-churn=off", "--rule", "missing-delete=off"]);
  assert.equal(off.code, 0);
  assert.deepEqual(findingsOf(off.stdout).map((f) => f.rule).sort(), ["duplicate-initialize", "orphaned-sessions", "session-accumulation"]);
});

test("--quiet keeps only findings at or above --fail-on, without changing the exit code", async () => {
  const quiet = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--quiet"]);
  assert.equal(quiet.code, 1);
  assert.deepEqual(findingsOf(quiet.stdout).map((f) => f.rule), ["session-churn"]);
  const warnings = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--quiet", "--fail-on", "warning"]);
  assert.equal(findingsOf(warnings.stdout).length, 5);
  const markdown = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "markdown", "--quiet"]);
  assert.doesNotMatch(markdown.stdout, /missing-delete/);
});

test("bad --rule values and bad config files exit 2 with one line", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-config-"));
  const bad = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const cases: Array<[string[], RegExp]> = [
    [["--rule", "no-such-rule=off"], /unknown rule "no-such-rule"/],
    [["--rule", "session-churn=fatal"], /--rule session-churn must be one of off, info, warning, error/],
    [["--rule", "session-churn"], /--rule expects RULE=LEVEL/],
    [["--config", join(dir, "missing.json")], /config .*missing\.json: cannot read \(no such file\)/],
    [["--config", await bad("syntax.json", "{failOn:")], /config .*syntax\.json: invalid JSON/],
    [["--config", await bad("level.json", '{"failOn":"sometimes"}')], /config .*level\.json: field failOn: /],
    [["--config", await bad("rule.json", '{"rules":{"nope":"off"}}')], /field rules: unknown rule "nope"/],
    [["--config", await bad("extra.json", '{"failon":"error"}')], /config .*extra\.json: .*failon/],
    [["--config", await bad("gap.json", '{"batchGap":"soon"}')], /config batchGap expects a duration/],
  ];
  for (const [args, expected] of cases) {
    const result = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", ...args]);
    assert.equal(result.code, 2, args.join(" "));
    assert.ok(oneLine(result.stderr), result.stderr);
    assert.match(result.stderr, expected);
    assert.equal(result.stdout, "");
  }
});

test("a config file sets failOn, rules and batchGap; flags override it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-config-"));
  const config = join(dir, "ci.json");
  await writeFile(config, JSON.stringify({ failOn: "never", rules: { "session-churn": "info", "missing-delete": "off" }, batchGap: "1m" }));
  const fromConfig = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--config", config]);
  assert.equal(fromConfig.code, 0);
  const report = JSON.parse(fromConfig.stdout);
  assert.equal(report.options.batchGapMs, 60_000);
  assert.equal(report.findings.find((f: JsonFinding) => f.rule === "session-churn").severity, "info");
  assert.ok(!report.findings.some((f: JsonFinding) => f.rule === "missing-delete"));
  const overridden = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--config", config, "--fail-on", "info", "--rule", "session-churn=error"]);
  assert.equal(overridden.code, 1);
  assert.equal(findingsOf(overridden.stdout).find((f) => f.rule === "session-churn")?.severity, "error");
});

test("--format junit on capture-2: one failure per failing rule and client, passing rules listed", async () => {
  for (const failOn of ["error", "warning", "never"]) {
    const json = findingsOf((await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--fail-on", failOn])).stdout);
    const failing = json.filter((f) => failOn === "error" ? f.severity === "error" : failOn === "warning" ? f.severity !== "info" : false);
    const result = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "junit", "--fail-on", failOn]);
    assert.equal(result.code, failing.length > 0 ? 1 : 0);
    assert.equal(XMLValidator.validate(result.stdout), true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "testcase" }).parse(result.stdout);
    // capture-2 has at most one finding per rule and client, so failing test cases = failing findings.
    assert.equal(Number(xml.testsuites.failures), failing.length, failOn);
    const cases = xml.testsuites.testsuite.testcase as Array<{ name: string; failure?: { "#text": string } }>;
    assert.equal(cases.filter((c) => c.failure).length, failing.length);
    assert.ok(cases.some((c) => c.name === "unknown-session" && !c.failure), "a rule with no findings passes");
    const churn = cases.find((c) => c.name === "session-churn: openai-mcp/1.0.0");
    if (failOn !== "never") assert.match(churn?.failure?.["#text"] ?? "", /fixtures\/capture-2\.jsonl:5\n/);
  }
});

test("a config file's thresholds: accepted churn changes the exit code; orphan and stream limits move their rules", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-config-"));
  const withThresholds = async (thresholds: object, ...args: string[]) => {
    const path = join(dir, `t${Math.random().toString(36).slice(2)}.json`);
    await writeFile(path, JSON.stringify({ thresholds }));
    return runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json", "--config", path, ...args]);
  };
  const rulesOf = (stdout: string) => findingsOf(stdout).map((f) => f.rule).sort();
  // capture-2: openai-mcp lost its session in 12 of 12 batches (churn 1.00), 13 sessions left alive, streams under 1 s.
  const defaults = await runCli(["analyze", fixture("capture-2.jsonl"), "-f", "json"]);
  assert.equal(defaults.code, 1);
  assert.ok(rulesOf(defaults.stdout).includes("session-churn"));
  assert.ok(rulesOf(defaults.stdout).includes("orphaned-sessions"), "13 alive > the default 10");
  assert.ok(!rulesOf(defaults.stdout).includes("long-stream"));

  const accepted = await withThresholds({ acceptedChurnRatio: 1 });
  assert.equal(accepted.code, 0, "churn 1.00 is not above 1: the only error is gone");
  assert.ok(!rulesOf(accepted.stdout).includes("session-churn"));
  const notAccepted = await withThresholds({ acceptedChurnRatio: 0.99 });
  assert.equal(notAccepted.code, 1);

  const tolerant = await withThresholds({ maxOrphanedSessions: 13, maxStreamLifetime: "300ms" }, "--fail-on", "info");
  assert.ok(!rulesOf(tolerant.stdout).includes("orphaned-sessions"), "13 alive is not above 13");
  const long = findingsOf(tolerant.stdout).filter((f) => f.rule === "long-stream");
  assert.deepEqual(long.map((f) => [f.severity, f.client]), [["info", "openai-mcp/1.0.0"]], "the streams of 312 and 355 ms");
  assert.equal(tolerant.code, 1);

  const bad = await withThresholds({ acceptedChurnRatio: 2 });
  assert.equal(bad.code, 2);
  assert.ok(oneLine(bad.stderr), bad.stderr);
  assert.match(bad.stderr, /config .*\.json: field thresholds\.acceptedChurnRatio: /);
  const badLifetime = await withThresholds({ maxStreamLifetime: "1 hour" });
  assert.equal(badLifetime.code, 2);
  assert.match(badLifetime.stderr, /config thresholds\.maxStreamLifetime expects a duration/);
});
