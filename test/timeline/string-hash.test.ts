import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { hashOfInteger } from "../../src/timeline/string-hash.js";
import { requestIdCodeOf } from "../../src/input/request-id-code.js";

test("request ids' codes that differ only in their high bits do not share a few slots", () => {
  // "r-0", "r-1048576", "r-2097152", ...: a multiply alone put these 512 codes in at most 8 of 256 slots.
  const slots = new Set<number>();
  for (let k = 0; k < 512; k++) slots.add(hashOfInteger(requestIdCodeOf(`r-${k << 20}`)) & 255);
  assert.ok(slots.size > 150, `${slots.size} of 256 slots`);
});

test("an integer's hash changes from run to run, as a string's does", () => {
  const module = fileURLToPath(new URL("../../src/timeline/string-hash.js", import.meta.url));
  const hashIn = () => execFileSync(process.execPath, ["--input-type=module", "-e", `import { hashOfInteger } from ${JSON.stringify(module)}; process.stdout.write(String(hashOfInteger(-12345)));`], { encoding: "utf8" });
  const runs = new Set([hashIn(), hashIn(), hashIn()]);
  assert.ok(runs.size > 1, "the same hash in three runs");
});
