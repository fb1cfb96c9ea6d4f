#!/usr/bin/env node
// Makes sure the browser tests have Debian's chromium. Installs it with apt-get when it is
// missing and we are root; otherwise leaves it to the test to skip with a clear message.
// Never fails the test run: a machine without chromium still runs every other test.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: INSTALL_TIMEOUT_MS,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  if (!ok) {
    const reason = result.error ? result.error.message : `exit ${result.status}: ${String(result.stderr).trim().split("\n").slice(-3).join(" / ")}`;
    process.stderr.write(`ensure-chromium: ${command} ${args.join(" ")} failed after ${seconds}s (${reason})\n`);
  }
  return { ok, seconds };
}

export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.platform !== "linux" || typeof process.getuid !== "function" || process.getuid() !== 0) {
    process.stderr.write(`ensure-chromium: ${CHROMIUM_PATH} is missing and we are not root: browser tests will be skipped\n`);
    return false;
  }
  if (!existsSync("/usr/bin/apt-get")) {
    process.stderr.write(`ensure-chromium: ${CHROMIUM_PATH} is missing and there is no apt-get: browser tests will be skipped\n`);
    return false;
  }
  process.stderr.write("ensure-chromium: installing Debian's chromium for the browser tests (apt-get, once)…\n");
  const update = run("apt-get", ["update", "-qq"]);
  if (!update.ok) return false;
  const install = run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  if (!install.ok || !existsSync(CHROMIUM_PATH)) return false;
  process.stderr.write(`ensure-chromium: chromium installed (apt-get update ${update.seconds}s, install ${install.seconds}s)\n`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
