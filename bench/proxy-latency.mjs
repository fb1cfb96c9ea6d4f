// Added latency of `mcp-forensics record`: the same JSON-RPC POST sent alternately straight to a
// tiny upstream and through the real proxy (a child process, as users run it), on loopback.
// Usage: node bench/proxy-latency.mjs [requests=2000]   (after `npm run build`)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REQUESTS = Number(process.argv[2] ?? 2000);
// An option of the throughput bench given here (`node bench/proxy-latency.mjs --sizes 100`): say
// so in one line, not with a TypeError from the NaN timings that follow.
if (!Number.isInteger(REQUESTS) || REQUESTS < 1) {
  process.stderr.write(`proxy-latency: "${process.argv[2]}" is not a number of requests (usage: node bench/proxy-latency.mjs [requests=2000]; the bench's options go to node bench/run.mjs)\n`);
  process.exit(2);
}
const WARMUP = 200;
const BIN = fileURLToPath(new URL("../bin/mcp-forensics", import.meta.url));

// The upstream answers like a stateful MCP server in JSON mode; its own process, so neither
// path competes with it for an event loop.
const UPSTREAM = `
import http from "node:http";
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const { id } = JSON.parse(Buffer.concat(chunks).toString());
    res.writeHead(200, { "content-type": "application/json", "mcp-session-id": req.headers["mcp-session-id"] ?? "s-1" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: "ok" }] } }));
  });
});
server.listen(0, "127.0.0.1", () => process.stderr.write("listening on http://127.0.0.1:" + server.address().port + ",\\n"));
`;

function start(args) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      const match = /listening on (http:\/\/\S+?),/.exec(stderr);
      if (match) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "count", arguments: { n: 1 } } });

function post(url) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(`${url}/mcp`, { method: "POST", agent, headers: { "content-type": "application/json", "mcp-session-id": "s-1", "user-agent": "bench/1.0" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const median = (sorted) => (sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
const ms = (x) => `${x.toFixed(3)} ms`;

const dir = mkdtempSync(join(tmpdir(), "mcp-bench-"));
const log = join(dir, "capture.jsonl");
const upstream = await start(["--input-type=module", "-e", UPSTREAM]);
const proxy = await start([BIN, "record", "--upstream", upstream.url, "--listen", "127.0.0.1:0", "--out", log]);
try {
  for (let i = 0; i < WARMUP; i++) await post(upstream.url), await post(proxy.url);
  const direct = [];
  const proxied = [];
  // Alternate the two paths so drift (CPU frequency, GC) hits both alike.
  for (let i = 0; i < REQUESTS; i++) {
    direct.push(await post(upstream.url));
    proxied.push(await post(proxy.url));
  }
  direct.sort((a, b) => a - b);
  proxied.sort((a, b) => a - b);
  const rows = [
    ["direct", median(direct), quantile(direct, 0.99)],
    ["through proxy", median(proxied), quantile(proxied, 0.99)],
    ["added", median(proxied) - median(direct), quantile(proxied, 0.99) - quantile(direct, 0.99)],
  ];
  console.log(`proxy latency: ${REQUESTS} sequential POSTs per path on loopback (after ${WARMUP} warm-up), log ${(statSync(log).size / 1024).toFixed(0)} KiB`);
  for (const [name, p50, p99] of rows) console.log(`  ${name.padEnd(14)} median ${ms(p50).padStart(10)}   p99 ${ms(p99).padStart(10)}`);
} finally {
  agent.destroy();
  proxy.child.kill("SIGTERM");
  upstream.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
