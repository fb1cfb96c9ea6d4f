import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../support/run-cli.js";

test("bench/heap-retained.mjs finds what holds a heap's memory, down to the field", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-tests-heap-"));
  try {
    const snapshot = join(dir, "held.heapsnapshot");
    // A process whose largest holder is known: a Keeper holding 3 MiB in one field and 1 MiB in another.
    const made = spawnSync(
      process.execPath,
      [
        "-e",
        `class Keeper { constructor() { this.big = new Uint8Array(3 << 20).fill(1); this.small = { rows: new Float64Array(1 << 17).fill(2) }; } }
         globalThis.kept = new Keeper();
         require("node:v8").writeHeapSnapshot(${JSON.stringify(snapshot)});`,
      ],
      { encoding: "utf8" },
    );
    assert.equal(made.status, 0, made.stderr);
    const run = spawnSync(process.execPath, [join(ROOT, "bench/heap-retained.mjs"), snapshot, "5", "--tree", "Keeper,Absent"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split("\n");
    const keeper = lines.find((line) => / MiB {2}object:Keeper /.test(line));
    assert.ok(keeper, run.stdout);
    assert.ok(Number.parseFloat(keeper) >= 4 && Number.parseFloat(keeper) < 4.5, keeper);
    const tree = lines.slice(lines.findIndex((line) => line.startsWith("== Keeper")));
    assert.match(tree[1]!, /^ {2}3\.\d\d big object:Uint8Array$/);
    assert.ok(tree.some((line) => /^ {2}1\.\d\d small object:Object$/.test(line)) && tree.some((line) => /^ {4}1\.\d\d rows object:Float64Array$/.test(line)), tree.join("\n"));
    assert.ok(lines.includes("== Absent: none"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
