import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { instanceOfFile, instanceOfLine, parseInstanceSource } from "../../src/input/instance-source.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, created, initialize, request, response, started } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

type Line = Record<string, unknown>;
const on = (instance: string, lines: readonly Line[]): Line[] => lines.map((l) => ({ ...l, instance }));
const jsonl = (lines: readonly Line[]) => lines.map((l) => JSON.stringify(l)).join("\n") + "\n";

test("--instance-from values, file names and fields", () => {
  assert.deepEqual(parseInstanceSource("filename"), { from: "filename" });
  assert.deepEqual(parseInstanceSource("field:hostname"), { from: "field", field: "hostname" });
  assert.equal(typeof parseInstanceSource("field:"), "string");
  assert.equal(typeof parseInstanceSource("host"), "string");
  assert.equal(instanceOfFile("logs/mcp-a.jsonl.gz"), "mcp-a");
  assert.equal(instanceOfFile("/var/log/b"), "b");
  assert.equal(instanceOfFile(".hidden.log"), ".hidden");
  assert.equal(instanceOfFile("-"), "stdin");
  assert.equal(instanceOfLine('{"hostname":"web-1","pid":7}', "hostname"), "web-1");
  assert.equal(instanceOfLine('{"pid":7}', "pid"), "7");
  assert.equal(instanceOfLine('{"pid":7}', "hostname"), null);
  assert.equal(instanceOfLine("not json", "hostname"), null);
});

test("a restart of one instance wipes only its sessions; active_sessions is checked per instance", async () => {
  const timeline = await timelineOf([
    ...on("a", [started(0, 1)]),
    ...on("b", [started(0.5, 2)]), // b's own first line: a start, not a restart
    ...on("a", initialize(1, "A", 1)),
    ...on("b", initialize(2, "B", 1)), // 1 live on b: no sessions vanished on a
    ...on("b", [started(3, 3)]), // b restarts: B is wiped, A lives on
    ...on("b", call(4, "A", {}, 404)), // b never knew A: A still lives on a
  ]);
  const byId = Object.fromEntries([...timeline.sessions].map((s) => [s.id, s]));
  assert.equal(byId.A!.instance, "a");
  assert.equal(byId.B!.instance, "b");
  assert.equal(byId.A!.end, null);
  assert.equal(byId.B!.end?.kind, "restart");
  assert.deepEqual(timeline.restarts.map((r) => [r.instance, r.wipedSessions]), [["b", ["B"]]]);
  assert.deepEqual([...byId.A!.requests].map((r) => r.instance), ["b"]);
});

test("without instances every event is of one instance, as before", async () => {
  const timeline = await timelineOf([...initialize(1, "A", 1), ...initialize(2, "B", 1), ...call(4, "A", {}, 404)]);
  assert.equal(timeline.restarts.length, 1, "active_sessions 1 while 2 are alive: a restart");
  assert.equal([...timeline.sessions].find((s) => s.id === "A")!.instance, null);
});

test("e2e: two instances' logs, b answers 404 to a's session; --instance-from filename names both", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-instances-"));
  const a = join(dir, "mcp-a.jsonl");
  const b = join(dir, "mcp-b.jsonl");
  const init = request(1, null, { id: "i1", ua: "client/1.0" });
  await writeFile(a, jsonl([started(0, 10), init, created(1.01, "s-1234567890", 1), response(1.02, init, "s-1234567890")]));
  const misrouted = request(3, "s-1234567890", { id: "c1", ua: "client/1.0" });
  await writeFile(b, jsonl([started(0.5, 20), misrouted, response(3.01, misrouted, null, 404)]));
  const result = await runCli(["analyze", a, b, "--instance-from", "filename", "--format", "json", "--fail-on", "never"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { findings: { rule: string; message: string; evidence: { file: string; line: number }[] }[] };
  const found = report.findings.filter((f) => f.rule === "cross-instance-session");
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /instance mcp-a .*instance mcp-b/);
  assert.deepEqual(found[0]!.evidence.map((e) => [e.file, e.line]), [[a, 3], [b, 2]]);
  const plain = await runCli(["analyze", a, b, "--format", "json", "--fail-on", "never"]);
  assert.ok(!(JSON.parse(plain.stdout) as typeof report).findings.some((f) => f.rule === "cross-instance-session"), "no instances, no finding");
  const bad = await runCli(["analyze", a, "--instance-from", "host"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--instance-from "host": expected filename or field:NAME/);
});
