import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { listen, type RunningServer } from "./mcp-test-server.js";
import { readLog, startRecordCli, waitForLog, type LogLine, type RunningProxy } from "./record-cli.js";

/** A misbehaving upstream, one behaviour per path. */
function createRawUpstream(seen: { streamClosedByProxy: boolean }): http.Server {
  return http.createServer((req, res) => {
    switch (req.url?.split("?")[0]) {
      case "/reset":
        res.writeHead(200, { "content-type": "text/event-stream", "mcp-session-id": "s-reset" });
        res.write("event: message\ndata: {\"first\":true}\n\n");
        setTimeout(() => req.socket.destroy(), 50);
        return;
      case "/hang":
        return; // never answers
      case "/stream":
        res.writeHead(200, { "content-type": "text/event-stream", "mcp-session-id": "s-stream" });
        res.write(": open\n\n");
        res.on("close", () => (seen.streamClosedByProxy = !res.writableFinished));
        return;
      case "/echo":
        res.writeHead(200, { "content-type": "application/octet-stream" });
        req.pipe(res);
        return;
      default:
        res.writeHead(404).end();
    }
  });
}

const seen = { streamClosedByProxy: false };
let upstream: RunningServer;
let proxy: RunningProxy;
let log: string;
const events = (event: string) => readLog(log).filter((l) => l.event === event);
const requestIdOf = (url: string): string => events("mcp_request_headers").find((l) => l.url === url)!.request_id as string;
const linesOf = (requestId: string): LogLine[] => readLog(log).filter((l) => l.request_id === requestId);

before(async () => {
  upstream = await listen(createRawUpstream(seen));
  log = join(mkdtempSync(join(tmpdir(), "mcp-record-")), "failures.jsonl");
  proxy = await startRecordCli(["--upstream", upstream.url, "--out", log, "--upstream-timeout", "300ms"]);
});

after(async () => {
  await proxy.stop();
  await upstream.close();
});

test("an upstream reset mid-stream: the client gets the first event, then a cut connection; the log says why", async () => {
  const res = await fetch(`${proxy.url}/reset`, { headers: { accept: "text/event-stream" } });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const first = await reader.read();
  assert.match(Buffer.from(first.value!).toString(), /"first":true/);
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) break;
  });
  const id = requestIdOf("/reset");
  const lines = await waitForLog(log, () => linesOf(id).some((l) => l.event === "client_disconnected"));
  const mine = lines.filter((l) => l.request_id === id);
  assert.deepEqual(
    mine.map((l) => l.event),
    ["mcp_request_headers", "mcp_response_headers", "upstream_error", "client_disconnected"],
  );
  assert.equal(mine[2]!.phase, "response");
  assert.deepEqual([mine[3]!.session_id, mine[3]!.closed_by], ["s-reset", "server"]);
});

test("slow response headers: 504 after --upstream-timeout, logged", async () => {
  const started = Date.now();
  const res = await fetch(`${proxy.url}/hang`, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
  assert.equal(res.status, 504);
  assert.ok(Date.now() - started < 2000);
  assert.match(await res.text(), /upstream headers failed \(ETIMEDOUT\)/);
  const mine = linesOf(requestIdOf("/hang"));
  assert.deepEqual(
    mine.map((l) => [l.event, l.status ?? l.code ?? l.rpc_method]),
    [
      ["mcp_request_headers", "tools/list"],
      ["upstream_error", "ETIMEDOUT"],
      ["mcp_response_headers", 504],
    ],
  );
  assert.equal(mine[2]!.generated_by, "proxy");
});

test("a client abort closes the upstream stream too, and the disconnect is the client's", async () => {
  const controller = new AbortController();
  const res = await fetch(`${proxy.url}/stream`, { headers: { accept: "text/event-stream" }, signal: controller.signal });
  const reader = res.body!.getReader();
  await reader.read();
  controller.abort();
  const id = requestIdOf("/stream");
  await waitForLog(log, () => linesOf(id).some((l) => l.event === "client_disconnected"));
  const closed = linesOf(id).find((l) => l.event === "client_disconnected")!;
  assert.deepEqual([closed.session_id, closed.closed_by], ["s-stream", "client"]);
  for (let i = 0; i < 200 && !seen.streamClosedByProxy; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(seen.streamClosedByProxy, "the upstream saw its response closed before it ended");
  assert.equal(events("upstream_error").filter((l) => l.request_id === id).length, 0);
});

test("large bodies stream through unchanged; the method comes from the first MiB; batches name every method", async () => {
  // A proxy of its own, with the default wait for response headers: the echo answers as the body
  // arrives, and on a loaded machine the suite's 300 ms (for /hang) ran out mid-upload, a 504
  // whose body failed the hash.
  const echoLog = join(mkdtempSync(join(tmpdir(), "mcp-record-")), "echo.jsonl");
  const echoProxy = await startRecordCli(["--upstream", upstream.url, "--out", echoLog]);
  const echoEvents = (event: string) => readLog(echoLog).filter((l) => l.event === event);
  try {
    const blob = "x".repeat(3 << 20);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "upload", arguments: { blob } } });
    const res = await fetch(`${echoProxy.url}/echo`, { method: "POST", body });
    assert.equal(res.status, 200);
    const echoed = Buffer.from(await res.arrayBuffer());
    const sha = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");
    assert.equal(sha(echoed), sha(body));
    assert.equal(echoEvents("mcp_request_headers").find((l) => l.url === "/echo")!.rpc_method, "tools/call");

    const batch = JSON.stringify([
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { jsonrpc: "2.0", method: "notifications/initialized" },
    ]);
    const res2 = await fetch(`${echoProxy.url}/echo?batch`, { method: "POST", body: batch });
    assert.equal(await res2.text(), batch);
    const line = echoEvents("mcp_request_headers").find((l) => l.url === "/echo?batch")!;
    assert.deepEqual([line.rpc_method, line.is_initialize, line.rpc_batch], ["tools/list,notifications/initialized", false, ["tools/list", "notifications/initialized"]]);
  } finally {
    assert.equal(await echoProxy.stop(), 0);
  }
});

test("a refused upstream: 502 and an upstream_error line; the proxy keeps running and exits 0 on SIGTERM", async () => {
  const closed = await listen(http.createServer());
  await closed.close();
  const refusedLog = join(mkdtempSync(join(tmpdir(), "mcp-record-")), "refused.jsonl");
  const refusing = await startRecordCli(["--upstream", closed.url, "--out", refusedLog]);
  try {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${refusing.url}/mcp`, { method: "POST", body: "{}" });
      assert.equal(res.status, 502);
      await res.text();
    }
  } finally {
    assert.equal(await refusing.stop(), 0);
  }
  const lines = readLog(refusedLog);
  assert.deepEqual(
    lines.filter((l) => l.event === "upstream_error").map((l) => [l.phase, l.code]),
    [
      ["request", "ECONNREFUSED"],
      ["request", "ECONNREFUSED"],
    ],
  );
  assert.deepEqual(
    lines.filter((l) => l.event === "mcp_response_headers").map((l) => l.status),
    [502, 502],
  );
  assert.equal(lines.at(-1)!.event, "proxy_stopped");
});
