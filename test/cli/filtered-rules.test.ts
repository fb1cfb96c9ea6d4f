import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { call, closed, created, initialize, request, response } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

/*
 * What the rules that read sessions' and clients' requests find once `--client` or `--session`
 * narrowed the timeline: a filtered timeline keeps the sessions whose owner and id match, and each
 * client's requests that match, while a kept session's own list of requests stays whole. A rule
 * gathered as the walk goes (a WalkObserver, told each request with `kept`) must find what these
 * find, and `kept` alone does not tell it: whether the request's session was kept decides too.
 */

type Line = Record<string, unknown>;
const a = { ua: "a/1" };
const b = { ua: "b/1" };
const on = (instance: string, lines: readonly Line[]): Line[] => lines.map((l) => ({ ...l, instance }));

interface Found {
  readonly rule: string;
  readonly client: string | null;
  /** The numbers the message states, the client's key left out. */
  readonly numbers: number[];
  readonly lines: number[];
}

/** The findings of `rules` and the verdict of intermediary-strips-header, as the CLI reports them with `args`. */
async function analyze(lines: readonly Line[], rules: readonly string[], args: readonly string[]) {
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-filtered-")), "case.jsonl");
  await writeFile(log, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never", "--instance-from", "field:instance", ...args]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  const findings: Found[] = report.findings
    .filter((f: { rule: string }) => rules.includes(f.rule))
    .map((f: { rule: string; client: string | null; message: string; evidence: { line: number }[] }) => ({
      rule: f.rule,
      client: f.client,
      numbers: (f.message.replaceAll(f.client ?? "\0", "").match(/\d+/g) ?? []).map(Number),
      lines: f.evidence.map((e) => e.line),
    }));
  const strips = report.hypotheses.find((h: { id: string }) => h.id === "intermediary-strips-header");
  return { findings, strips: { verdict: strips.verdict as string, numbers: (strips.reason.match(/\d+/g) ?? []).map(Number), lines: strips.evidence.map((e: { line: number }) => e.line) } };
}

test("unknown-session: a use after the end counts only when its session is kept; the next request of the client is its next kept one", async () => {
  const notFound = request(6, "A", a);
  const lines = [
    ...initialize(0, "A", 1, a), // 1–3: a's session
    closed(1, "A", 0), // 4
    request(2, "A", b), // 5: b sends a's id after its end
    notFound, // 6: so does a, answered 404 (7)
    response(6.1, notFound, "A", 404),
    ...initialize(7, "B", 1, a), // 8–10: a re-initializes
  ];
  const find = async (...args: string[]) => (await analyze(lines, ["unknown-session"], args)).findings;
  const ofB = { rule: "unknown-session", client: "b/1", numbers: [1, 0, 404, 0], lines: [5] };
  assert.deepEqual(await find(), [ofB, { rule: "unknown-session", client: "a/1", numbers: [1, 1, 404, 1], lines: [6] }]);
  assert.deepEqual(await find("--client", "a/1"), [{ rule: "unknown-session", client: "a/1", numbers: [1, 1, 404, 1], lines: [6] }]);
  // A is a's: without it, b's use is of a session the narrowed timeline does not hold.
  assert.deepEqual(await find("--client", "b/1"), []);
  // a's initialize of B is not kept, so nothing follows a's 404 among its kept requests.
  assert.deepEqual(await find("--session", "A"), [ofB, { rule: "unknown-session", client: "a/1", numbers: [1, 1, 404, 0], lines: [6] }]);
});

test("missing-session-id: a client's first session is its first kept one, which may start at a line before its requests", async () => {
  const rejected = request(0, null, { rpc: "tools/call", ...b });
  const lines = [
    rejected, // 1: b, answered 400 (2) before it had a session
    response(0.1, rejected, null, 400),
    created(1, "S"), // 3: S starts here, and a's first request with it (5) makes it a's
    request(2, null, { rpc: "tools/call", ...a }), // 4
    ...call(3, "S", a), // 5–6
    ...initialize(4, "T", null, b), // 7–9
    request(5, null, { rpc: "tools/list", ...b }), // 10
  ];
  const find = async (...args: string[]) => (await analyze(lines, ["missing-session-id"], args)).findings;
  const ofA = { rule: "missing-session-id", client: "a/1", numbers: [1, 0, 400], lines: [4] };
  const ofB = { rule: "missing-session-id", client: "b/1", numbers: [2, 1, 400], lines: [1, 10] };
  assert.deepEqual(await find(), [ofB, ofA]);
  assert.deepEqual(await find("--client", "a/1"), [ofA]);
  assert.deepEqual(await find("--client", "b/1"), [ofB]);
  // A session-less request is kept by --session only as a kept session's initialize.
  assert.deepEqual(await find("--session", "S"), []);
});

test("cross-instance-session: a kept session's requests count whatever client sent them", async () => {
  const lines = [...on("x", initialize(0, "A", 1, a)), ...on("y", call(1, "A", a, 404)), ...on("y", call(2, "A", b))];
  const find = async (...args: string[]) => (await analyze(lines, ["cross-instance-session"], args)).findings;
  const pair = { rule: "cross-instance-session", client: null, numbers: [1, 2, 1, 404, 2], lines: [2, 4, 6] };
  assert.deepEqual(await find(), [pair]);
  // b's request is not kept, but it is among A's requests, which the rule reads.
  assert.deepEqual(await find("--client", "a/1"), [pair]);
  assert.deepEqual(await find("--client", "b/1"), []);
  assert.deepEqual(await find("--session", "A"), [pair]);
});

test("intermediary-strips-header: the kept sessions issued, and whether their owners sent them back", async () => {
  const lines = [...initialize(0, "A", 1, a), ...call(1, "A", b), ...initialize(2, "B", 2, a), ...call(3, "B", a)];
  const strips = async (...args: string[]) => (await analyze(lines, [], args)).strips;
  assert.deepEqual(await strips(), { verdict: "ruled-out", numbers: [1, 2], lines: [9] });
  assert.deepEqual(await strips("--client", "a/1"), { verdict: "ruled-out", numbers: [1, 2], lines: [9] });
  assert.deepEqual(await strips("--client", "b/1"), { verdict: "not-enough-evidence", numbers: [], lines: [] });
  // Only b sent A back, and b does not own it.
  assert.deepEqual(await strips("--session", "A"), { verdict: "supported", numbers: [1], lines: [1] });
  assert.deepEqual(await strips("--session", "B"), { verdict: "ruled-out", numbers: [1, 1], lines: [9] });
});
