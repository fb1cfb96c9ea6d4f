#!/usr/bin/env node
// Deterministic generator of a busy MCP server's log, for the benchmark of issue 8.
//
//   node bench/generate-log.mjs OUT.jsonl SIZE_MB [--format events|pino] [--seed N] [--clients N]
//
// Many clients, each identified by user agent (+ remote address for some): about 40% are buggy
// (lose the session and send a fresh initialize on every batch, never DELETE), the rest persist
// their session across batches and some of them DELETE it. The server evicts sessions idle for
// 30 minutes, so live sessions stay bounded as on a real server (a client whose session was evicted
// initializes again: no request reaches the server with an evicted id, so there is no 404). About 3
// requests per session (initialize included). Same seed, size and format → byte-identical file.
// Written in ~8 MiB chunks with writeSync.
//
// --format events (default): the core events format (README, "Input: the events format"): each
// request with its response paired by request_id, session_created/closed with active_sessions, POST
// streams closed (client_disconnected), timestamps increasing.
// --format pino: the same simulated server (same random draws: the traffic is a prefix of the events
// file's) logged by pino-http with its default serializers in front of an Express MCP server on
// /mcp, line shape copied from fixtures/pino-http.jsonl: one line per request, written when the
// response finished; no session or stream lines (pino has none); a "server listening" line and a
// load balancer's GET /health every 10 s as the non-MCP lines. Details pino has and the simulation
// does not (ports, content lengths, the probe's latency) come from a second generator, so they do
// not disturb the first.
import { closeSync, openSync, writeSync } from "node:fs";
import { mulberry32, uuidFrom } from "./random-ids.mjs";

const args = process.argv.slice(2);
const positional = [];
const opts = { seed: 8, clients: 5000, format: "events" };
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--seed") opts.seed = Number(args[++i]);
  else if (args[i] === "--clients") opts.clients = Number(args[++i]);
  else if (args[i] === "--format") opts.format = args[++i];
  else positional.push(args[i]);
}
if (positional.length !== 2 || !(Number(positional[1]) > 0) || !["events", "pino"].includes(opts.format)) {
  process.stderr.write("usage: node bench/generate-log.mjs OUT.jsonl SIZE_MB [--format events|pino] [--seed N] [--clients N]\n");
  process.exit(2);
}
const [outPath, sizeMb] = [positional[0], Number(positional[1])];
const targetBytes = Math.round(sizeMb * 1024 * 1024);

const rand = mulberry32(opts.seed);
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (array) => array[Math.floor(rand() * array.length)];

const uuid = () => uuidFrom(rand);

const BUGGY_AGENTS = ["openai-mcp/1.0.0", "openai-mcp/1.1.2", "node-fetch/1.0", "python-httpx/0.27.0", "agent-x/0.3.1"];
const GOOD_AGENTS = ["claude-code/2.0.14", "mcp-inspector/0.17.0", "Cursor/1.7.3", "mcp-remote/0.1.29", "modelcontextprotocol-python/1.18.0", "vscode-mcp/1.104.0"];
const TOOL_METHODS = ["tools/call", "tools/call", "tools/call", "tools/list", "resources/read", "prompts/get", "ping"];

const clients = [];
for (let i = 0; i < opts.clients; i++) {
  const buggy = rand() < 0.4;
  clients.push({
    buggy,
    userAgent: buggy ? pick(BUGGY_AGENTS) : pick(GOOD_AGENTS),
    remoteAddress: rand() < 0.7 ? `10.${randInt(0, 255)}.${randInt(0, 255)}.${randInt(1, 254)}` : null,
    deletes: !buggy && rand() < 0.6,
    session: null,
  });
}

const TTL_MS = 30 * 60 * 1000;
const PID = 4242;
let now = Date.UTC(2026, 2, 2, 0, 0, 0);
let requestCounter = 0;
let active = 0;
const evictQueue = []; // {session, at}: lazily re-checked
let evictHead = 0;

const chunk = [];
let chunkBytes = 0;
let written = 0;
const fd = openSync(outPath, "w");
function flush() {
  if (chunk.length === 0) return;
  const text = chunk.join("");
  writeSync(fd, text);
  chunk.length = 0;
  chunkBytes = 0;
}
function emit(line) {
  chunk.push(line);
  chunkBytes += line.length; // ASCII only
  written += line.length;
  if (chunkBytes >= 8 << 20) flush();
}
function ts() {
  now += randInt(0, 3);
  return new Date(now).toISOString();
}

/** The core events format: one line per event, each taking its timestamp from ts(). */
const eventsWriter = {
  serverStarted() {
    emit(`{"event":"server_started","timestamp":"${ts()}","pid":${PID}}\n`);
  },
  request(client, sessionId, httpMethod, rpcMethod) {
    const id = `r-${++requestCounter}`;
    const sid = sessionId === null ? "null" : `"${sessionId}"`;
    const rpc = rpcMethod === null ? "null" : `"${rpcMethod}"`;
    const addr = client.remoteAddress === null ? "" : `,"remote_address":"${client.remoteAddress}"`;
    emit(`{"event":"mcp_request_headers","timestamp":"${ts()}","request_id":"${id}","method":"${httpMethod}","mcp_session_id":${sid},"is_initialize":${rpcMethod === "initialize"},"rpc_method":${rpc},"user_agent":"${client.userAgent}"${addr}}\n`);
    return id;
  },
  response(id, sessionId, status) {
    const sid = sessionId === null ? "null" : `"${sessionId}"`;
    emit(`{"event":"mcp_response_headers","timestamp":"${ts()}","request_id":"${id}","mcp_session_id":${sid},"status":${status}}\n`);
  },
  sessionEvent(name, id) {
    emit(`{"event":"${name}","timestamp":"${ts()}","session_id":"${id}","active_sessions":${active}}\n`);
  },
  disconnected(id) {
    emit(`{"event":"client_disconnected","timestamp":"${ts()}","session_id":"${id}","elapsed_ms":${randInt(40, 900)}}\n`);
  },
  tick() {},
};

// pino-only details, drawn apart so that the simulation's draws stay those of the events format.
const pinoRand = mulberry32(opts.seed ^ 0x9e3779b9);
const pinoInt = (lo, hi) => lo + Math.floor(pinoRand() * (hi - lo + 1));
const HOST = "mcp.example.com";
// Clients without a known address in the events format reach pino through the ingress proxy.
const PROXY_ADDRESS = "172.16.0.2";
const PROBE_EVERY_MS = 10_000;
const PROTOCOL_VERSION = "2025-11-25";
// Request body sizes as the SDK client and the raw-fetch connector sent them (fixtures/pino-http.jsonl).
const REQUEST_LENGTH = { initialize: 159, "notifications/initialized": 54, "tools/list": 46, "resources/read": 88, "prompts/get": 79, ping: 40 };
const PINO_HEAD = `{"level":30,"time":`;
const PINO_PID = `,"pid":${PID},"hostname":"mcp-1","req":{"id":`;
const EXPRESS = `"x-powered-by":"Express"`;
const SSE = `${EXPRESS},"cache-control":"no-cache, no-transform","connection":"keep-alive","content-type":"text/event-stream"`;
let pinoRequestId = 0;
let nextProbeAt = now + PROBE_EVERY_MS;

/** Request headers in the order Node receives them from each kind of client (see the fixture). */
function requestHeaders(client, sessionId, httpMethod, rpcMethod) {
  const sid = sessionId === null ? "" : `"mcp-session-id":"${sessionId}","mcp-protocol-version":"${PROTOCOL_VERSION}",`;
  const tail = `"accept-language":"*","sec-fetch-mode":"cors","accept-encoding":"gzip, deflate"`;
  if (httpMethod === "DELETE") return `"host":"${HOST}","connection":"keep-alive",${sid}"user-agent":"${client.userAgent}","accept":"*/*",${tail}`;
  const length = rpcMethod === "tools/call" ? pinoInt(96, 180) : rpcMethod === "initialize" && client.buggy ? 154 : REQUEST_LENGTH[rpcMethod];
  const body = `"content-type":"application/json","accept":"application/json, text/event-stream"`;
  // The buggy connector is a raw fetch (headers as it set them); the others are the SDK's client.
  if (client.buggy) return `"host":"${HOST}","connection":"keep-alive",${body},"user-agent":"${client.userAgent}",${sid}${tail},"content-length":"${length}"`;
  return `"host":"${HOST}","connection":"keep-alive",${sid}"user-agent":"${client.userAgent}",${body},${tail},"content-length":"${length}"`;
}

/** Response headers as the SDK's StreamableHTTPServerTransport sets them under Express. */
function responseHeaders(sessionId, status, pending) {
  if (status === 202 || pending.httpMethod === "DELETE") return EXPRESS;
  const length = pending.rpcMethod === "initialize" ? `,"content-length":190` : pending.rpcMethod === "tools/list" ? `,"content-length":300` : "";
  return `${SSE},"mcp-session-id":"${sessionId}","x-accel-buffering":"no"${length}`;
}

function pinoLine(time, responseTime, method, url, headers, remoteAddress, status, resHeaders) {
  emit(`${PINO_HEAD}${time}${PINO_PID}${++pinoRequestId},"method":"${method}","url":"${url}","query":{},"params":{},"headers":{${headers}},"remoteAddress":"${remoteAddress}","remotePort":${pinoInt(32768, 60999)}},"res":{"statusCode":${status},"headers":{${resHeaders}}},"responseTime":${responseTime},"msg":"request completed"}\n`);
}

/**
 * pino-http: one line per request, when its response finished. The simulation's clock still moves
 * (ts()) for the events pino does not log, so both formats describe the same traffic.
 */
const pinoWriter = {
  serverStarted() {
    ts();
    emit(`{"level":30,"time":${now},"pid":${PID},"hostname":"mcp-1","msg":"MCP server listening on :3000"}\n`);
  },
  request(client, sessionId, httpMethod, rpcMethod) {
    ++requestCounter;
    ts();
    return { client, sessionId, httpMethod, rpcMethod, startedAt: now };
  },
  response(pending, sessionId, status) {
    ts();
    const headers = requestHeaders(pending.client, pending.sessionId, pending.httpMethod, pending.rpcMethod);
    pinoLine(now, now - pending.startedAt, pending.httpMethod, "/mcp", headers, pending.client.remoteAddress ?? PROXY_ADDRESS, status, responseHeaders(sessionId, status, pending));
  },
  sessionEvent() {
    ts();
  },
  disconnected() {
    ts();
    randInt(40, 900);
  },
  /** The load balancer's health probe, on its own schedule. */
  tick() {
    while (nextProbeAt <= now) {
      nextProbeAt += PROBE_EVERY_MS;
      pinoLine(now, pinoInt(0, 2), "GET", "/health", `"host":"10.0.0.1:3000","user-agent":"kube-probe/1.31","accept":"*/*","connection":"close"`, "10.0.0.1", 200, `${EXPRESS},"content-type":"application/json; charset=utf-8","content-length":"11","etag":"W/\\"b-Ai2R8hgEarLmHKwesT1qcY913ys\\""`);
    }
  },
};
const out = opts.format === "pino" ? pinoWriter : eventsWriter;

function touch(session) {
  session.lastUsed = now;
  evictQueue.push({ session, at: now });
}
function evictIdle() {
  while (evictHead < evictQueue.length && evictQueue[evictHead].at + TTL_MS < now) {
    const { session, at } = evictQueue[evictHead++];
    if (!session.closed && session.lastUsed === at) {
      session.closed = true;
      active--;
      out.sessionEvent("session_closed", session.id);
    }
  }
  if (evictHead > 1 << 16) {
    evictQueue.splice(0, evictHead);
    evictHead = 0;
  }
}

function initialize(client) {
  const id = out.request(client, null, "POST", "initialize");
  const session = { id: uuid(), closed: false, lastUsed: now };
  active++;
  out.sessionEvent("session_created", session.id);
  out.response(id, session.id, 200);
  touch(session);
  client.session = session;
  if (rand() < 0.3) {
    const notify = out.request(client, session.id, "POST", "notifications/initialized");
    out.response(notify, session.id, 202);
  }
  return session;
}

function batch(client) {
  let session = client.session;
  if (client.buggy || session === null || session.closed) session = initialize(client);
  const calls = randInt(1, 3);
  for (let i = 0; i < calls; i++) {
    const id = out.request(client, session.id, "POST", pick(TOOL_METHODS));
    out.response(id, session.id, 200);
    if (rand() < 0.5) out.disconnected(session.id);
  }
  touch(session);
  if (!client.buggy && client.deletes && rand() < 0.3) {
    const id = out.request(client, session.id, "DELETE", null);
    session.closed = true;
    active--;
    out.sessionEvent("session_closed", session.id);
    out.response(id, session.id, 200);
    client.session = null;
  }
}

out.serverStarted();
while (written < targetBytes) {
  now += randInt(0, 120);
  out.tick();
  evictIdle();
  batch(clients[Math.floor(rand() * clients.length)]);
}
flush();
closeSync(fd);
process.stderr.write(`wrote ${(written / 1048576).toFixed(1)} MiB, ${requestCounter} requests, to ${outPath}\n`);
