import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { BIN, ROOT } from "../support/run-cli.js";

export interface RunningProxy {
  readonly url: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code once the child is gone. */
  stop(): Promise<number | null>;
}

/** Starts the real `mcp-forensics record` and waits for its "listening on" line. */
export function startRecordCli(args: readonly string[]): Promise<RunningProxy> {
  const child = spawn(process.execPath, [BIN, "record", "--listen", "127.0.0.1:0", ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`record did not start: ${stderr}`));
    }, 10_000);
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (http:\/\/\S+?),/.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        stderr: () => stderr,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`record exited ${code} before listening: ${stderr}`));
    });
  });
}

export type LogLine = Record<string, unknown> & { event: string };

export function readLog(path: string): LogLine[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
}

/** Polls the log until `predicate` holds (the proxy writes asynchronously to its clients' pace). */
export async function waitForLog(path: string, predicate: (lines: LogLine[]) => boolean, timeoutMs = 5000): Promise<LogLine[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = readLog(path);
    if (predicate(lines)) return lines;
    if (Date.now() > deadline) throw new Error(`log condition not met; log:\n${lines.map((l) => JSON.stringify(l)).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
