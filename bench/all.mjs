#!/usr/bin/env node
// `npm run bench [-- OPTIONS]`: the throughput bench (bench/run.mjs) with the options given, then
// the recording proxy's added latency (bench/proxy-latency.mjs). npm appends a script's arguments
// to its last command, so a script of the two joined by `&&` handed `--sizes 100` to the proxy's
// bench, which refused it once the whole throughput bench had run with its default sizes.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
for (const [script, args] of [["run.mjs", process.argv.slice(2)], ["proxy-latency.mjs", []]]) {
  const { status, signal } = spawnSync(process.execPath, [join(here, script), ...args], { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? (signal ? 1 : 0));
}
