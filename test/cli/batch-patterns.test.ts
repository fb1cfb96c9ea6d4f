import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { at, call, initialize } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

const INIT = "initialize (no session id)";
const CALL = "tools/call (with session id)";

async function logFile(name: string, lines: readonly (Record<string, unknown> | string)[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "mcp-forensics-patterns-")), name);
  await writeFile(file, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return file;
}

async function patterns(args: readonly string[]) {
  const result = await runCli(["analyze", ...args, "--format", "json", "--fail-on", "never"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { batchPatterns: { client: string; steps: string[]; batches: number; ofBatches: number }[] };
  return report.batchPatterns.map((p) => [p.client.split(" ")[0], p.steps, p.batches, p.ofBatches]);
}

test("batch patterns of two files, whole and narrowed by --client and --session", async () => {
  // Client a's third batch is in the second file; b's batches interleave with a's.
  const first = await logFile("first.jsonl", [
    ...initialize(0, "A1", null, { ua: "a/1" }),
    ...initialize(0.2, "B1", null, { ua: "b/1" }),
    ...call(0.5, "A1", { ua: "a/1" }),
    ...call(1, "B1", { ua: "b/1" }),
    ...call(10, "A1", { ua: "a/1" }),
    ...call(10.5, "B1", { ua: "b/1" }),
  ]);
  const second = await logFile("second.jsonl", [...initialize(20, "A2", null, { ua: "a/1" }), ...call(20.5, "A2", { ua: "a/1" }), ...call(30, "B1", { ua: "b/1" })]);
  assert.deepEqual(await patterns([first, second]), [
    ["a/1", [INIT, CALL], 2, 3],
    ["b/1", [CALL], 2, 3],
  ]);
  assert.deepEqual(await patterns([first, second, "--client", "B/1"]), [["b/1", [CALL], 2, 3]]);
  // A2's initialize (its creator) and its call: a's third batch, the filtered client's only one.
  assert.deepEqual(await patterns([first, second, "--session", "A2"]), [["a/1", [INIT, CALL], 1, 1]]);
  assert.deepEqual(await patterns([first, second, "--session", "B1"]), [["b/1", [CALL], 2, 3]]);
});

test("a batch whose request an answer logged past the walk's lags made an initialize is an initialize's batch", async () => {
  // A request of unknown kind (no is_initialize, no rpc_method), answered with a new id 140,000 events later.
  const between = 140_000;
  const closure = (i: number) => `{"event":"client_disconnected","timestamp":"${at(1 + i / 1000)}","session_id":null,"elapsed_ms":5}`;
  const log = await logFile("late.jsonl", [
    `{"event":"mcp_request_headers","timestamp":"${at(0.5)}","request_id":"slow","method":"POST","mcp_session_id":null,"user_agent":"late/1.0"}`,
    ...Array.from({ length: between }, (_, i) => closure(i)),
    `{"event":"mcp_response_headers","timestamp":"${at(1 + between / 1000)}","request_id":"slow","mcp_session_id":"s-late","status":200}`,
  ]);
  assert.deepEqual(await patterns([log]), [["late/1.0", [INIT], 1, 1]]);
});
