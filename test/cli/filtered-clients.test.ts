import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { call, closed, disconnected, initialize, request, response } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

/*
 * What `--client` and `--session` keep of each client, as the report counts it: its requests, its
 * batches with a request kept (made from the kept rows, not kept per batch), the statuses of the
 * kept requests and the stream closures of the kept sessions. A session used by two clients is
 * kept with both clients' uses; a filter that matches nothing reports nothing, and exits 0.
 */

const a = { ua: "a/1" };
const b = { ua: "b/1" };
const notFound = request(14, "A1", b);
const lines = [
  ...initialize(0, "A1", 1, a), // a's batch 0 (0–1 s)
  ...call(0.5, "A1", a),
  disconnected(0.8, "A1", 300),
  ...call(1, "A1", b, 202), // b's batch 0: b uses a's session
  ...initialize(10, "A2", 2, a), // a's batch 1 (10–10.5 s): A2 only
  ...call(10.5, "A2", a, 500),
  disconnected(10.9, "A2", 400),
  notFound, // b's batch 1, answered 404
  response(14.1, notFound, "A1", 404),
  ...call(20, "A1", a), // a's batch 2: both sessions
  ...call(20.5, "A2", a),
  request(25, "A1", a), // a's batch 3, unanswered
  closed(30, "A2", 1),
];

async function reported(args: readonly string[]) {
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-filtered-clients-")), "shared.jsonl");
  await writeFile(log, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never", ...args]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  return {
    clients: report.clients.map((c: { key: string; requests: number; batches: number; sessions: number }) => [c.key, c.requests, c.batches, c.sessions]),
    requests: report.summary.requests,
    statusCounts: report.summary.statusCounts,
    closures: report.summary.streamLifetimeMs.count,
    sessions: report.sessions.map((s: { id: string }) => s.id),
  };
}

test("--session keeps every client's uses of a shared session and the initialize that made it, counting the batches they lie in", async () => {
  assert.deepEqual(await reported(["--session", "A1"]), {
    // a: its initialize, two calls and the unanswered request, in batches 0, 2 and 3 of its 4.
    clients: [["a/1", 4, 3, 1], ["b/1", 2, 2, 0]],
    requests: 6,
    statusCounts: { 200: 3, 202: 1, 404: 1 },
    closures: 1,
    sessions: ["A1"],
  });
  assert.deepEqual(await reported(["--client", "A/", "--session", "A2"]), {
    clients: [["a/1", 3, 2, 1]],
    requests: 3,
    statusCounts: { 200: 2, 500: 1 },
    closures: 1,
    sessions: ["A2"],
  });
});

test("--client keeps the client's requests on another's session, not that session", async () => {
  assert.deepEqual(await reported(["--client", "b/"]), { clients: [["b/1", 2, 2, 0]], requests: 2, statusCounts: { 202: 1, 404: 1 }, closures: 0, sessions: [] });
  assert.deepEqual(await reported(["--client", "/1"]), {
    clients: [["a/1", 7, 4, 2], ["b/1", 2, 2, 0]],
    requests: 9,
    statusCounts: { 200: 5, 202: 1, 404: 1, 500: 1 },
    closures: 2,
    sessions: ["A1", "A2"],
  });
});

test("a filter that matches nothing reports no client, request, status, closure or session", async () => {
  const nothing = { clients: [], requests: 0, statusCounts: {}, closures: 0, sessions: [] };
  assert.deepEqual(await reported(["--client", "c/"]), nothing);
  assert.deepEqual(await reported(["--session", "B"]), nothing);
  assert.deepEqual(await reported(["--client", "b/", "--session", "A2"]), nothing);
});
