import type { Command } from "commander";
import type { EventLog } from "../record/event-log.js";
import { parseDuration, UsageError } from "./parse-options.js";

interface RecordFlags {
  upstream: string;
  listen: string;
  out: string;
  upstreamTimeout: string;
}

/** `mcp-forensics record`: a recording reverse proxy in front of a Streamable HTTP server. */
export function registerRecordCommand(program: Command): void {
  program
    .command("record")
    .description("proxy a Streamable HTTP MCP server and write its session events as JSONL")
    .requiredOption("--upstream <url>", "the MCP server to forward to, e.g. http://127.0.0.1:7052")
    .option("--listen <host:port>", "address to listen on (loopback unless you say otherwise)", "127.0.0.1:7060")
    .requiredOption("--out <file>", "JSONL file the events are appended to")
    .option("--upstream-timeout <duration>", "longest wait for the server's response headers (504 after)", "30s")
    .action(async (flags: RecordFlags) => {
      process.exitCode = await runRecord(flags);
    });
}

async function runRecord(flags: RecordFlags): Promise<number> {
  const upstream = parseUpstream(flags.upstream);
  const listen = parseListen(flags.listen);
  const upstreamTimeoutMs = parseDuration(flags.upstreamTimeout, "--upstream-timeout");
  // The proxy's modules (http, https, net and the recorder's own) are loaded for this command only.
  const [{ EventLog }, { createRecordingProxy }] = await Promise.all([import("../record/event-log.js"), import("../record/proxy.js")]);
  const log = openLog(flags.out, EventLog);
  const proxy = createRecordingProxy({ upstream, log, upstreamTimeoutMs });
  try {
    await new Promise<void>((resolve, reject) => {
      proxy.server.once("error", reject);
      proxy.server.listen(listen.port, listen.host, () => resolve());
    });
  } catch (error) {
    log.close();
    throw new UsageError(`record: cannot listen on ${flags.listen}: ${(error as Error).message}`);
  }
  const address = proxy.server.address();
  const port = typeof address === "object" && address !== null ? address.port : listen.port;
  const url = `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${port}`;
  log.write("proxy_started", { pid: process.pid, listen: url, upstream: upstream.href });
  if (!isLoopback(listen.host)) process.stderr.write(`mcp-forensics record: warning: ${listen.host} is not a loopback address; anyone who can reach it reaches the server through it\n`);
  process.stderr.write(`mcp-forensics record: listening on ${url}, forwarding to ${upstream.href}, writing ${flags.out} (Ctrl-C to stop)\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await proxy.stop();
  log.close();
  process.stderr.write(`mcp-forensics record: ${signal}: stopped; ${flags.out} closed\n`);
  return 0;
}

function parseUpstream(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--upstream expects an http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--upstream expects an http:// or https:// URL, got ${JSON.stringify(text)}`);
  return url;
}

/** `HOST:PORT`, `[IPv6]:PORT`, or a bare `PORT` (on 127.0.0.1). */
function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$|^(\d+)$/.exec(text.trim());
  const port = Number(match?.[3] ?? match?.[4]);
  if (!match || !Number.isInteger(port) || port > 65535) throw new UsageError(`--listen expects HOST:PORT, e.g. 127.0.0.1:7060, got ${JSON.stringify(text)}`);
  return { host: match[1] ?? (match[2] || "127.0.0.1"), port };
}

function openLog(path: string, Log: typeof EventLog): EventLog {
  try {
    return new Log(path);
  } catch (error) {
    throw new UsageError(`record: cannot open ${path} for appending: ${(error as Error).message}`);
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
