import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { analyzers } from "../../src/analyzers/index.js";
import { ROOT } from "../support/run-cli.js";

test("the registry is alphabetical, and every rule has its file, test table and README entry", () => {
  const ids = analyzers.map((a) => a.id);
  assert.deepEqual(ids, [...ids].sort());
  const sources = readdirSync(`${ROOT}src/analyzers`).filter((f) => f.endsWith(".ts") && !["index.ts", "analyzer.ts", "run-analyzers.ts"].includes(f));
  assert.deepEqual(sources.map((f) => f.replace(/\.ts$/, "")).sort(), ids);
  const tests = readdirSync(`${ROOT}test/analyzers`);
  const readme = readFileSync(`${ROOT}README.md`, "utf8");
  for (const analyzer of analyzers) {
    assert.ok(tests.includes(`${analyzer.id}.test.ts`), `${analyzer.id} has a test table`);
    assert.ok(readme.includes(`### \`${analyzer.id}\``), `${analyzer.id} is documented in README`);
    assert.match(analyzer.description, /\.$/, `${analyzer.id} describes itself in one sentence`);
  }
});
