import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../../src/cli/load-config.js";
import { UsageError } from "../../src/cli/parse-options.js";

const IDS = ["session-churn", "missing-delete"];

// node:test runs each file in its own process, so changing directory here touches no other test.
test("mcp-forensics.config.json in the working directory is read when --config is not given", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-cwd-"));
  process.chdir(dir);
  assert.deepEqual(await loadConfig(undefined, IDS), {}, "no file: no settings");
  await writeFile(join(dir, DEFAULT_CONFIG_FILE), '\uFEFF{"failOn":"warning","rules":{"session-churn":"off"},"batchGap":5}');
  assert.deepEqual(await loadConfig(undefined, IDS), { failOn: "warning", rules: { "session-churn": "off" }, batchGap: 5 });
  await writeFile(join(dir, DEFAULT_CONFIG_FILE), '{"rules":{"session-churn":"loud"}}');
  await assert.rejects(loadConfig(undefined, IDS), (error: Error) => error instanceof UsageError && /^config mcp-forensics\.config\.json: field rules\.session-churn: /.test(error.message));
});
