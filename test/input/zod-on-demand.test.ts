import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const inputDir = fileURLToPath(new URL("../../src/input/", import.meta.url));
const srcDir = fileURLToPath(new URL("../../src/", import.meta.url));

/**
 * A resolve hook that writes every zod module an `import` reaches to stderr (hooks run on a
 * thread of their own: a file descriptor is what they share), and require's cache for what the
 * lazy schemas load through createRequire.
 */
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent('import { writeSync } from "node:fs"; export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes("/node_modules/zod/")) writeSync(2, "imported " + r.url + "\\\\n"); return r; }'));
`)}`;

const SCRIPT = `
import { createRequire } from "node:module";
const { parseEventsLine } = await import(${JSON.stringify(`${inputDir}events-format.js`)});
await import(${JSON.stringify(`${srcDir}build-report.js`)});
const zodRequired = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/node_modules/zod/"));
const ref = { file: "log.jsonl", line: 1 };
const good = parseEventsLine('{"event":"session_created","timestamp":"2026-03-01T10:00:00Z","session_id":"s"}', ref);
console.log(good.type, zodRequired());
const bad = parseEventsLine('{"event":"session_created","timestamp":"2026-03-01T10:00:00Z","session_id":5}', ref);
console.log(bad.reason, zodRequired());
`;

test("zod is loaded only when a line fails the quick checks, not by reading or building a report", () => {
  const { stdout, stderr, status } = spawnSync(process.execPath, ["--import", HOOK, "--input-type=module", "-e", SCRIPT], { encoding: "utf8" });
  assert.equal(status, 0, stderr);
  assert.equal(stderr, "");
  assert.equal(stdout, "event false\nfield session_id: expected string, received number true\n");
});
