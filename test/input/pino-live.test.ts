import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { fixture, ROOT, runCli } from "../support/run-cli.js";

type Scenario = typeof import("../../fixtures/make-pino-fixtures.mjs");
// Loaded from the source tree: the script is plain JavaScript, not compiled into dist/.
const { runPinoScenario, BUGGY_AGENT, PERSISTING_AGENT } = (await import(pathToFileURL(join(ROOT, "fixtures/make-pino-fixtures.mjs")).href)) as Scenario;

interface JsonReport {
  input: { format: string };
  summary: { sessionsCreated: number; sessionLosses: number; orphanedSessions: number; deleteRequests: number; serverRestarts: number };
  sessions: { id: string; client: string; endedBy: string; reusedAcrossBatches: boolean }[];
  clients: { userAgent: string; verdict: string; losses: number; batches: number }[];
  findings: { rule: string; client: string | null }[];
  limitations: { check: string; reason: string }[];
}

const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(await readFile(join(ROOT, "schema/report.schema.json"), "utf8")));

async function analyze(file: string, extra: readonly string[] = []): Promise<JsonReport> {
  const result = await runCli(["analyze", file, "--format", "json", "--fail-on", "never", ...extra]);
  assert.equal(result.code, 0, result.stderr);
  const report: unknown = JSON.parse(result.stdout);
  assert.ok(validate(report), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return report as JsonReport;
}

/** What both logs of one run must agree on: sessions and how they ended, losses, verdicts, rules. */
function comparable(report: JsonReport) {
  return {
    sessions: report.sessions.map((s) => [s.id, s.client, s.endedBy, s.reusedAcrossBatches]).sort(),
    clients: report.clients.map((c) => [c.userAgent, c.verdict, c.losses, c.batches]).sort(),
    losses: report.summary.sessionLosses,
    orphaned: report.summary.orphanedSessions,
    rules: [...new Set(report.findings.map((f) => `${f.rule} ${f.client ?? ""}`))].sort(),
  };
}

function checkScenario(pino: JsonReport, events: JsonReport, batches: number) {
  assert.equal(pino.input.format, "pino");
  assert.equal(events.input.format, "events");
  assert.deepEqual(comparable(pino), comparable(events));
  const verdicts = Object.fromEntries(pino.clients.map((c) => [c.userAgent, [c.verdict, c.losses]]));
  assert.deepEqual(verdicts, { [PERSISTING_AGENT]: ["persists", 0], [BUGGY_AGENT]: ["new-session-every-batch", batches - 1] });
  assert.equal(pino.summary.sessionsCreated, batches + 1);
  const limits = pino.limitations.map((l) => `${l.check}: ${l.reason}`).join("\n");
  assert.match(limits, new RegExp(`${batches + 1} initialize\\(s\\) inferred`));
  assert.match(limits, /no active_sessions/);
  assert.match(limits, /JSON-RPC methods \(pino input\): .*inferred/);
}

test("live: the SDK server under Express logs the same run with pino-http and with our middleware; both give the same analysis", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-pino-live-"));
  const pinoPath = join(dir, "pino.jsonl");
  const eventsPath = join(dir, "events.jsonl");
  const batches = 3;
  // Pauses well above the batch gap, and the gap well above a loaded machine's within-batch delays.
  const used = await runPinoScenario({ pinoPath, eventsPath, batches, gapMs: 1500 });
  const gap = ["--batch-gap", "700ms"];
  const [pino, events] = await Promise.all([analyze(pinoPath, gap), analyze(eventsPath, gap)]);
  checkScenario(pino, events, batches);
  assert.deepEqual(pino.sessions.map((s) => s.id).sort(), [used.persisting, ...used.buggy].sort());
});

test("the committed fixtures (made by fixtures/make-pino-fixtures.mjs) agree the same way", async () => {
  const [pino, events] = await Promise.all([analyze(fixture("pino-http.jsonl")), analyze(fixture("pino-http.events.jsonl"))]);
  checkScenario(pino, events, 3);
});
