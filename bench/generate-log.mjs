#!/usr/bin/env node
// Deterministic generator of a busy MCP server's log in the core events format (README, "Input:
// the events format"), for the benchmark of issue 8.
//
//   node bench/generate-log.mjs OUT.jsonl SIZE_MB [--seed N] [--clients N]
//
// Many clients, each identified by user agent (+ remote address for some): about 40% are buggy
// (lose the session and send a fresh initialize on every batch, never DELETE), the rest persist
// their session across batches and some of them DELETE it. The server evicts sessions idle for
// 30 minutes (session_closed), so live sessions stay bounded as on a real server. About 3
// requests per session (initialize included), each with its response paired by request_id, POST streams closed
// (client_disconnected), active_sessions on every session_created/closed, timestamps increasing.
// Same seed and size → byte-identical file. Written in ~8 MiB chunks with writeSync.
import { closeSync, openSync, writeSync } from "node:fs";

const args = process.argv.slice(2);
const positional = [];
const opts = { seed: 8, clients: 5000 };
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--seed") opts.seed = Number(args[++i]);
  else if (args[i] === "--clients") opts.clients = Number(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== 2 || !(Number(positional[1]) > 0)) {
  process.stderr.write("usage: node bench/generate-log.mjs OUT.jsonl SIZE_MB [--seed N] [--clients N]\n");
  process.exit(2);
}
const [outPath, sizeMb] = [positional[0], Number(positional[1])];
const targetBytes = Math.round(sizeMb * 1024 * 1024);

// mulberry32: small, fast, deterministic.
let state = opts.seed >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (array) => array[Math.floor(rand() * array.length)];

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex32() {
  const v = (rand() * 4294967296) >>> 0;
  return HEX[v >>> 24] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
}
function uuid() {
  const a = hex32(), b = hex32(), c = hex32(), d = hex32();
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${HEX[0x80 | (rand() * 64) | 0]}${c.slice(2, 4)}-${c.slice(4)}${d}`;
}

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

function request(client, sessionId, httpMethod, rpcMethod) {
  const id = `r-${++requestCounter}`;
  const sid = sessionId === null ? "null" : `"${sessionId}"`;
  const rpc = rpcMethod === null ? "null" : `"${rpcMethod}"`;
  const addr = client.remoteAddress === null ? "" : `,"remote_address":"${client.remoteAddress}"`;
  emit(`{"event":"mcp_request_headers","timestamp":"${ts()}","request_id":"${id}","method":"${httpMethod}","mcp_session_id":${sid},"is_initialize":${rpcMethod === "initialize"},"rpc_method":${rpc},"user_agent":"${client.userAgent}"${addr}}\n`);
  return id;
}
function response(id, sessionId, status) {
  const sid = sessionId === null ? "null" : `"${sessionId}"`;
  emit(`{"event":"mcp_response_headers","timestamp":"${ts()}","request_id":"${id}","mcp_session_id":${sid},"status":${status}}\n`);
}
function sessionEvent(name, id) {
  emit(`{"event":"${name}","timestamp":"${ts()}","session_id":"${id}","active_sessions":${active}}\n`);
}
function disconnected(id) {
  emit(`{"event":"client_disconnected","timestamp":"${ts()}","session_id":"${id}","elapsed_ms":${randInt(40, 900)}}\n`);
}
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
      sessionEvent("session_closed", session.id);
    }
  }
  if (evictHead > 1 << 16) {
    evictQueue.splice(0, evictHead);
    evictHead = 0;
  }
}

function initialize(client) {
  const id = request(client, null, "POST", "initialize");
  const session = { id: uuid(), closed: false, lastUsed: now };
  active++;
  sessionEvent("session_created", session.id);
  response(id, session.id, 200);
  touch(session);
  client.session = session;
  if (rand() < 0.3) {
    const notify = request(client, session.id, "POST", "notifications/initialized");
    response(notify, session.id, 202);
  }
  return session;
}

function batch(client) {
  let session = client.session;
  if (client.buggy || session === null || session.closed) session = initialize(client);
  const calls = randInt(1, 3);
  for (let i = 0; i < calls; i++) {
    const id = request(client, session.id, "POST", pick(TOOL_METHODS));
    response(id, session.id, 200);
    if (rand() < 0.5) disconnected(session.id);
  }
  touch(session);
  if (!client.buggy && client.deletes && rand() < 0.3) {
    const id = request(client, session.id, "DELETE", null);
    session.closed = true;
    active--;
    sessionEvent("session_closed", session.id);
    response(id, session.id, 200);
    client.session = null;
  }
}

emit(`{"event":"server_started","timestamp":"${ts()}","pid":4242}\n`);
while (written < targetBytes) {
  now += randInt(0, 120);
  evictIdle();
  batch(clients[Math.floor(rand() * clients.length)]);
}
flush();
closeSync(fd);
process.stderr.write(`wrote ${(written / 1048576).toFixed(1)} MiB, ${requestCounter} requests, to ${outPath}\n`);
