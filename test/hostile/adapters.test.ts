import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { newPinoFields } from "../../src/input/pino-exchange.js";
import { scanPinoBytes } from "../../src/input/pino-bytes.js";
import { analyzeEveryFormat, assertSafeOutput, type EveryFormat } from "./check-output.js";

/** Client-controlled text every input format carries: escapes, a CSI, pipes, HTML, a bearer token. */
const EVIL_AGENT = "evil\u001b[31m|`x`<script>alert(1)</script>\u009b2J Bearer SECRETTOKEN123";
const SESSION = "5e551011-0000-4000-8000-00000000beef";
const SECRET = /SECRETTOKEN123/;
const RAW_HTML = /<script>/;

async function writeTemp(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "mcp-forensics-adapters-")), name);
  await writeFile(path, text);
  return path;
}

/**
 * The same without a character JSON must escape: DEL, the one-byte CSI, an RTL override, pipes,
 * backticks, HTML and a bearer token go into the line raw, so pino's bytes reader reads them (a
 * line holding an escape goes to JSON.parse instead, as EVIL_AGENT's lines do).
 */
const RAW_EVIL_AGENT = "evil\u007f|`x`<script>alert(1)</script>\u009b2J\u202eRTL Bearer SECRETTOKEN123";

function pinoLine(time: number, method: string, sid: string | null, answeredSid: string | null, agent = EVIL_AGENT): string {
  const reqHeaders: Record<string, string> = { "user-agent": agent, authorization: "Bearer SECRETTOKEN123" };
  if (sid) reqHeaders["mcp-session-id"] = sid;
  const resHeaders: Record<string, string> = answeredSid ? { "mcp-session-id": answeredSid } : {};
  return JSON.stringify({
    level: 30, time, pid: 1, hostname: "h", msg: "request completed", responseTime: 5,
    req: { id: time, method, url: "/mcp", headers: reqHeaders, remoteAddress: "198.51.100.7" },
    res: { statusCode: 200, headers: resHeaders },
  });
}

/** Three requests of one client with `agent`, one session lost; `fromBytes`: whether pino's bytes reader takes the lines. */
async function assertPinoLogSafe(agent: string, fromBytes: boolean): Promise<void> {
  const t = Date.parse("2026-02-27T08:00:00Z");
  const lines = [pinoLine(t, "POST", null, SESSION, agent), pinoLine(t + 300, "POST", SESSION, SESSION, agent), pinoLine(t + 60_000, "POST", null, SESSION.replace("beef", "bee2"), agent)];
  for (const line of lines) {
    const bytes = Buffer.from(line);
    assert.equal(scanPinoBytes(bytes, 0, bytes.length, Buffer.from("/mcp"), newPinoFields()), fromBytes, "which reader takes the line");
  }
  const out = await assertAdapterOutputSafe(await writeTemp("hostile-pino.jsonl", lines.join("\n") + "\n"), "pino");
  assert.equal(out.report.clients.length, 1);
}

/** The log at `path`, read as `format`, in every output format: nothing raw, no token, no HTML; its one session loss found. */
async function assertAdapterOutputSafe(path: string, format: string): Promise<EveryFormat> {
  const out = await analyzeEveryFormat(path, "--fail-on", "never");
  assertSafeOutput(out, 0);
  assert.equal(out.report.input.format, format);
  for (const result of [out.json, out.markdown, out.table]) assert.doesNotMatch(result.stdout, SECRET);
  assert.doesNotMatch(out.markdown.stdout, RAW_HTML);
  assert.equal(out.report.summary.sessionLosses, 1);
  return out;
}

function harEntry(started: string, sid: string | null, answeredSid: string | null, body: string): object {
  const headers = [{ name: "User-Agent", value: EVIL_AGENT }, { name: "Cookie", value: "sid=SECRETTOKEN123" }];
  if (sid) headers.push({ name: "Mcp-Session-Id", value: sid });
  return {
    startedDateTime: started, time: 12,
    request: { method: "POST", url: "https://example.test/mcp", headers, postData: { mimeType: "application/json", text: body } },
    response: { status: 200, headers: answeredSid ? [{ name: "Mcp-Session-Id", value: answeredSid }] : [] },
  };
}

describe("hostile text through the pino and HAR adapters", () => {
  test("a pino-http log: nothing raw, no token, no HTML", async () => {
    await assertPinoLogSafe(EVIL_AGENT, false);
  });

  test("a pino-http log read from its bytes: nothing raw, no token, no HTML", async () => {
    await assertPinoLogSafe(RAW_EVIL_AGENT, true);
  });

  test("a HAR file: nothing raw, no token or cookie, no HTML", async () => {
    const init = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} });
    const call = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x" } });
    const har = { log: { version: "1.2", creator: { name: "t", version: "1" }, entries: [
      harEntry("2026-02-27T08:00:00.000Z", null, SESSION, init),
      harEntry("2026-02-27T08:00:00.300Z", SESSION, SESSION, call),
      harEntry("2026-02-27T08:01:00.000Z", null, SESSION.replace("beef", "bee2"), init),
    ] } };
    await assertAdapterOutputSafe(await writeTemp("hostile.har", JSON.stringify(har, null, 1)), "har");
  });
});
