import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mcpForensicsLogger } from "../../src/middleware/express.js";
import { withMcpForensicsLogger } from "../../src/middleware/node-http.js";
import { runCli } from "../support/run-cli.js";
import { startExpressMcpServer, startNodeMcpServer, type RunningServer } from "./mcp-test-server.js";
import { readLog, type LogLine } from "./record-cli.js";

/** A compliant SDK session: initialize (and its GET stream), list, call, DELETE. */
async function runSession(server: RunningServer, hasGetStream: () => boolean): Promise<string> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
  const client = new Client({ name: "middleware-e2e", version: "1.0.0" });
  await client.connect(transport);
  try {
    for (let i = 0; i < 200 && !hasGetStream(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    await client.listTools();
    await client.callTool({ name: "count", arguments: { n: 1 } });
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    return sessionId;
  } finally {
    await client.close();
  }
}

function checkSessionLog(lines: LogLine[], sessionId: string): void {
  assert.equal(lines[0]!.event, "server_started");
  const requests = lines.filter((l) => l.event === "mcp_request_headers");
  const seen = requests.map((l) => `${l.method} ${l.rpc_method ?? ""}`.trim());
  for (const expected of ["POST initialize", "POST notifications/initialized", "GET", "POST tools/list", "POST tools/call", "DELETE"]) assert.ok(seen.includes(expected), `${expected} in ${seen.join(", ")}`);
  assert.deepEqual(
    lines.filter((l) => l.event === "session_created").map((l) => [l.session_id, l.active_sessions]),
    [[sessionId, 1]],
  );
  assert.deepEqual(
    lines.filter((l) => l.event === "session_closed").map((l) => [l.session_id, l.active_sessions]),
    [[sessionId, 0]],
  );
  const responses = lines.filter((l) => l.event === "mcp_response_headers");
  assert.equal(responses.length, requests.length, "every request answered on record");
  const streamEnds = lines.filter((l) => l.event === "client_disconnected");
  assert.deepEqual(
    streamEnds.map((l) => l.session_id),
    [sessionId],
  );
}

async function analyzeVerdicts(lines: string): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), "mcp-middleware-")), "capture.jsonl");
  writeFileSync(file, lines);
  const { code, stdout, stderr } = await runCli(["analyze", file, "--format", "json", "--fail-on", "never"]);
  assert.equal(code, 0, stderr);
  return (JSON.parse(stdout) as { clients: { verdict: string }[] }).clients.map((c) => c.verdict);
}

test("the Express middleware, mounted before express.json(), writes the session's events", async () => {
  const written: string[] = [];
  const server = await startExpressMcpServer(mcpForensicsLogger({ out: { write: (line: string) => written.push(line) } }));
  try {
    const parse = () => written.map((line) => JSON.parse(line) as LogLine);
    const sessionId = await runSession(server, () => parse().some((l) => l.event === "mcp_response_headers" && String((l.headers as Record<string, string>)["content-type"]).startsWith("text/event-stream") && parse().some((r) => r.request_id === l.request_id && r.method === "GET")));
    for (let i = 0; i < 200 && !parse().some((l) => l.event === "client_disconnected"); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.ok(written.every((line) => line.endsWith("\n") && line.indexOf("\n") === line.length - 1), "one write per line");
    checkSessionLog(parse(), sessionId);
    assert.deepEqual(await analyzeVerdicts(written.join("")), ["persists"]);
  } finally {
    await server.close();
  }
});

test("the node:http wrapper writes the same events to a file, the body read by the handler itself", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "mcp-middleware-")), "node.jsonl");
  const server = await startNodeMcpServer((handler) => withMcpForensicsLogger(handler, { out: file }));
  try {
    const sessionId = await runSession(server, () => readLog(file).some((l) => l.event === "mcp_request_headers" && l.method === "GET"));
    for (let i = 0; i < 200 && !readLog(file).some((l) => l.event === "client_disconnected"); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    checkSessionLog(readLog(file), sessionId);
  } finally {
    await server.close();
  }
});
