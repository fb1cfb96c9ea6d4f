import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createAccessParser, parseAccessMapping } from "../../src/input/access-format.js";
import { fixture, runCli } from "../support/run-cli.js";

test("--map: presets, field=path overriding them, and what is refused", () => {
  const nginx = parseAccessMapping(["nginx"]);
  assert.equal(typeof nginx === "object" && nginx.time, "msec");
  const custom = parseAccessMapping(["cloudflare", "session=RequestHeaders.x-mcp-session"]);
  assert.equal(typeof custom === "object" && custom.session, "RequestHeaders.x-mcp-session");
  assert.match(String(parseAccessMapping(["apache"])), /not field=path, nor a preset/);
  assert.match(String(parseAccessMapping(["when=ts"])), /unknown field "when"/);
  assert.match(String(parseAccessMapping(["method=m"])), /needs at least time=PATH/);
});

test("a line: time as the end when a duration is mapped, nested header paths, nginx's empty values, epoch units", () => {
  const ref = { file: "access.log", line: 3 };
  const nginx = createAccessParser(parseAccessMapping(["nginx"]) as object, { endpoint: "/mcp" });
  const line = { msec: 1772359200.5, request_time: 0.25, method: "POST", uri: "/mcp", status: 200, mcp_session_id: "", sent_mcp_session_id: "s-1", user_agent: "openai-mcp/1.0.0", remote_addr: "10.0.0.5", content_type: "text/event-stream" };
  const result = nginx(JSON.stringify(line), ref);
  assert.equal(result.type, "events");
  if (result.type !== "events") return;
  const [request, response] = result.events;
  assert.deepEqual([request!.at, request!.kind === "request" && request!.sessionId, response!.at, response!.kind === "response" && response!.sessionId], [1772359200250, null, 1772359200500, "s-1"]);
  assert.deepEqual(nginx(JSON.stringify({ ...line, uri: "/healthz" }), ref), { type: "ignored", eventName: "access: request to another path" });
  assert.match(JSON.stringify(nginx(JSON.stringify({ ...line, msec: "soon" }), ref)), /field time \(msec\) is not/);
  const cloudflare = createAccessParser(parseAccessMapping(["cloudflare"]) as object, { endpoint: "/mcp" });
  const cf = cloudflare(JSON.stringify({ EdgeStartTimestamp: 1772359200123456789, ClientRequestMethod: "GET", ClientRequestURI: "/mcp?x", EdgeResponseStatus: 200, RequestHeaders: { "mcp-session-id": "s-1" } }), ref);
  assert.equal(cf.type === "events" && cf.events[0]!.at, 1772359200123.4568, "nanoseconds");
  assert.equal(cf.type === "events" && cf.events[0]!.kind === "request" && cf.events[0]!.sessionId, "s-1");
});

interface JsonReport {
  input: { format: string };
  sessions: { id: string; client: string; endedBy: string }[];
  clients: { userAgent: string; verdict: string; losses: number }[];
}

const comparable = (r: JsonReport) => ({
  sessions: r.sessions.map((s) => [s.id, s.client, s.endedBy]).sort(),
  clients: r.clients.map((c) => [c.userAgent, c.verdict, c.losses]).sort(),
});

async function analyze(args: readonly string[]): Promise<JsonReport> {
  const result = await runCli(["analyze", ...args, "--format", "json", "--fail-on", "never"]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as JsonReport;
}

test("the pino fixture's run, written as nginx and Cloudflare access logs, reads the same", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-access-"));
  type PinoLine = { time: number; responseTime: number; req: { method: string; url: string; headers: Record<string, string>; remoteAddress: string }; res: { statusCode: number; headers: Record<string, string> } };
  const lines = (await readFile(fixture("pino-http.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as PinoLine);
  const nginx = lines.map((p) => ({
    msec: p.time / 1000,
    request_time: p.responseTime / 1000,
    method: p.req.method,
    uri: p.req.url,
    status: p.res.statusCode,
    mcp_session_id: p.req.headers["mcp-session-id"] ?? "",
    sent_mcp_session_id: p.res.headers["mcp-session-id"] ?? "",
    user_agent: p.req.headers["user-agent"] ?? "",
    remote_addr: p.req.remoteAddress,
    content_type: p.res.headers["content-type"] ?? "",
  }));
  const cloudflare = lines.map((p) => ({
    EdgeStartTimestamp: new Date(p.time - p.responseTime).toISOString(),
    ClientRequestMethod: p.req.method,
    ClientRequestURI: p.req.url,
    EdgeResponseStatus: p.res.statusCode,
    ClientRequestUserAgent: p.req.headers["user-agent"],
    ClientIP: p.req.remoteAddress,
    RequestHeaders: p.req.headers["mcp-session-id"] ? { "mcp-session-id": p.req.headers["mcp-session-id"] } : {},
    ResponseHeaders: p.res.headers["mcp-session-id"] ? { "mcp-session-id": p.res.headers["mcp-session-id"] } : {},
  }));
  const nginxPath = join(dir, "nginx.jsonl");
  const cloudflarePath = join(dir, "logpush.jsonl");
  await writeFile(nginxPath, nginx.map((l) => JSON.stringify(l)).join("\n"));
  await writeFile(cloudflarePath, cloudflare.map((l) => JSON.stringify(l)).join("\n"));
  const expected = comparable(await analyze([fixture("pino-http.jsonl")]));
  const fromNginx = await analyze([nginxPath, "--map", "nginx"]);
  assert.equal(fromNginx.input.format, "access");
  assert.deepEqual(comparable(fromNginx), expected);
  assert.deepEqual(comparable(await analyze([cloudflarePath, "--map", "cloudflare"])), expected);
  assert.equal((await runCli(["analyze", nginxPath, "--input-format", "access"])).code, 2, "access needs --map");
  assert.equal((await runCli(["analyze", nginxPath, "--input-format", "pino", "--map", "nginx"])).code, 2);
});
