import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { ROOT } from "../support/run-cli.js";

test("`npm run bench -- OPTIONS` hands the options to the throughput bench, and stops there when it fails", () => {
  // An option the throughput bench refuses at once: it is the one told, and the proxy's bench does not run after it.
  // Bounded: were the options handed to the proxy's bench, the throughput bench would run in full first.
  const run = spawnSync("npm", ["run", "--silent", "bench", "--", "--sizes", "0"], { cwd: ROOT, encoding: "utf8", timeout: 60_000, killSignal: "SIGKILL" });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /--sizes takes MiB values/);
  assert.doesNotMatch(run.stderr + run.stdout, /proxy-latency/);
});
