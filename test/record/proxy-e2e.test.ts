import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { runCli } from "../support/run-cli.js";
import { startExpressMcpServer, TOOL_DELAY_MS } from "./mcp-test-server.js";
import { readLog, startRecordCli, waitForLog, type LogLine } from "./record-cli.js";

const tempLog = (name: string) => join(mkdtempSync(join(tmpdir(), "mcp-record-")), name);

interface ClientRun {
  readonly tools: unknown;
  readonly result: unknown;
  readonly progressBeforeResultMs: number;
  readonly sessionId: string;
}

/** The SDK client as a well-behaved user: list, call (with progress), the GET stream, DELETE. */
async function runSdkClient(baseUrl: string, onSession: (sessionId: string) => Promise<void> = async () => {}): Promise<ClientRun> {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
    requestInit: { headers: { Authorization: "Bearer s3cr3t-token", Cookie: "sid=c00kie-value" } },
  });
  const client = new Client({ name: "record-e2e-client", version: "1.0.0" });
  await client.connect(transport);
  try {
    const sessionId = transport.sessionId!;
    await onSession(sessionId);
    const tools = await client.listTools();
    let progressAt = 0;
    const result = await client.callTool({ name: "count", arguments: { n: 3 } }, undefined, { onprogress: () => (progressAt = Date.now()) });
    const resultAt = Date.now();
    assert.ok(progressAt > 0, "a progress notification arrived");
    await transport.terminateSession();
    return { tools, result, progressBeforeResultMs: resultAt - progressAt, sessionId };
  } finally {
    await client.close();
  }
}

async function analyzeJson(log: string, ...args: string[]): Promise<{ clients: { userAgent: string; verdict: string; losses: number }[]; summary: Record<string, unknown> }> {
  const { code, stdout, stderr } = await runCli(["analyze", log, "--format", "json", "--fail-on", "never", ...args]);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

const byEvent = (lines: LogLine[], event: string) => lines.filter((l) => l.event === event);

test("the SDK client through the proxy: same results as direct, streamed progress, a full session log that analyzes as 'persists'", async () => {
  const server = await startExpressMcpServer();
  const log = tempLog("sdk.jsonl");
  const proxy = await startRecordCli(["--upstream", server.url, "--out", log]);
  try {
    const direct = await runSdkClient(server.url);
    const proxied = await runSdkClient(proxy.url, (sessionId) =>
      // The GET stream opens in the background after initialize; wait for it to be on record.
      waitForLog(log, (lines) => lines.some((l) => l.event === "mcp_request_headers" && l.method === "GET" && l.mcp_session_id === sessionId)).then(() => {}),
    );

    assert.equal(JSON.stringify(proxied.tools), JSON.stringify(direct.tools));
    assert.equal(JSON.stringify(proxied.result), JSON.stringify(direct.result));
    // The tool sends its progress, then holds the response TOOL_DELAY_MS: buffering would merge the two.
    assert.ok(proxied.progressBeforeResultMs >= TOOL_DELAY_MS / 3, `progress arrived ${proxied.progressBeforeResultMs} ms before the result`);

    const lines = await waitForLog(log, (l) => l.some((x) => x.event === "client_disconnected"));
    assert.equal(await proxy.stop(), 0);
    const all = readLog(log);
    assert.equal(all[0]!.event, "proxy_started");
    assert.equal(all.at(-1)!.event, "proxy_stopped");

    const sid = proxied.sessionId;
    const initialize = byEvent(all, "mcp_request_headers").find((l) => l.rpc_method === "initialize")!;
    assert.equal(initialize.is_initialize, true);
    assert.equal(initialize.mcp_session_id, null);
    assert.equal(initialize.remote_address, "127.0.0.1");
    assert.deepEqual(
      byEvent(all, "session_created").map((l) => [l.session_id, l.active_sessions]),
      [[sid, 1]],
    );
    const initResponse = byEvent(all, "mcp_response_headers").find((l) => l.request_id === initialize.request_id)!;
    assert.deepEqual([initResponse.status, initResponse.mcp_session_id], [200, sid]);
    assert.ok(all.indexOf(initialize) < all.indexOf(initResponse), "request line before its response line");
    const rpcMethods = byEvent(all, "mcp_request_headers").map((l) => `${l.method} ${l.rpc_method ?? ""}`.trim());
    for (const expected of ["POST notifications/initialized", "GET", "POST tools/list", "POST tools/call", "DELETE"]) assert.ok(rpcMethods.includes(expected), `${expected} in ${rpcMethods.join(", ")}`);
    assert.deepEqual(
      byEvent(all, "session_closed").map((l) => [l.session_id, l.active_sessions]),
      [[sid, 0]],
    );
    const streamEnds = byEvent(lines, "client_disconnected");
    assert.equal(streamEnds.length, 1, "one GET event stream, one disconnect");
    assert.equal(streamEnds[0]!.session_id, sid);
    assert.ok(["client", "server"].includes(streamEnds[0]!.closed_by as string));
    assert.equal(typeof streamEnds[0]!.elapsed_ms, "number");

    const text = readFileSync(log, "utf8");
    assert.ok(!text.includes("s3cr3t") && !text.includes("c00kie"), "credentials never reach the log");
    assert.match(text, /"authorization":"\[redacted\]"/);

    const report = await analyzeJson(log);
    assert.deepEqual(
      report.clients.map((c) => c.verdict),
      ["persists"],
    );
    assert.equal(report.summary.deleteRequests, 1);
  } finally {
    await proxy.stop();
    await server.close();
  }
});

// Batches are told apart by time: a pause far longer than --batch-gap, itself far longer than
// the gaps inside a batch even on a loaded machine (npm test runs the test files in parallel).
const BATCH_PAUSE_MS = 1200;
const BATCH_GAP = "1s";

/** The seed report's connector: a fresh initialize for every batch, the id used within it, no DELETE. */
async function runBuggyConnector(baseUrl: string, batches: number): Promise<void> {
  const post = async (body: object, sessionId: string | null) => {
    const res = await fetch(`${baseUrl}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "user-agent": "openai-mcp/1.0.0",
        ...(sessionId ? { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${res.status} ${text}`);
    return { sessionId: res.headers.get("mcp-session-id"), text };
  };
  for (let batch = 0; batch < batches; batch++) {
    if (batch > 0) await new Promise((resolve) => setTimeout(resolve, BATCH_PAUSE_MS));
    const init = await post({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "openai-mcp", version: "1.0.0" } } }, null);
    assert.ok(init.sessionId);
    await post({ jsonrpc: "2.0", method: "notifications/initialized" }, init.sessionId);
    await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, init.sessionId);
    const call = await post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "count", arguments: { n: batch } } }, init.sessionId);
    assert.match(call.text, /counting to/, "the log notification streamed through");
  }
}

test("the buggy connector through the proxy analyzes as 'new-session-every-batch'", async () => {
  const server = await startExpressMcpServer();
  const log = tempLog("buggy.jsonl");
  const proxy = await startRecordCli(["--upstream", server.url, "--out", log]);
  try {
    await runBuggyConnector(proxy.url, 3);
    assert.equal(await proxy.stop(), 0);
    const lines = readLog(log);
    assert.deepEqual(
      byEvent(lines, "session_created").map((l) => l.active_sessions),
      [1, 2, 3],
    );
    assert.equal(byEvent(lines, "session_closed").length, 0);
    const report = await analyzeJson(log, "--batch-gap", BATCH_GAP);
    assert.deepEqual(
      report.clients.map((c) => [c.userAgent, c.verdict, c.losses]),
      [["openai-mcp/1.0.0", "new-session-every-batch", 2]],
    );
  } finally {
    await proxy.stop();
    await server.close();
  }
});
