import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_RULE_SETTINGS } from "../../src/analyzers/analyzer.js";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../../src/cli/load-config.js";
import { UsageError } from "../../src/cli/parse-options.js";
import { resolveSettings } from "../../src/cli/resolve-settings.js";
import { parseConfig } from "../../src/config.js";

const IDS = ["session-churn", "missing-delete"];

// node:test runs each file in its own process, so changing directory here touches no other test.
test("mcp-forensics.config.json in the working directory is read when --config is not given", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-cwd-"));
  process.chdir(dir);
  assert.deepEqual(await loadConfig(undefined, IDS), {}, "no file: no settings");
  await writeFile(join(dir, DEFAULT_CONFIG_FILE), '\uFEFF{"failOn":"warning","rules":{"session-churn":"off"},"batchGap":5}');
  assert.deepEqual(await loadConfig(undefined, IDS), { failOn: "warning", rules: { "session-churn": "off" }, batchGap: 5 });
  const thresholds = { acceptedChurnRatio: 0.25, maxOrphanedSessions: 3, maxStreamLifetime: "90m" };
  await writeFile(join(dir, DEFAULT_CONFIG_FILE), JSON.stringify({ thresholds }));
  assert.deepEqual(await loadConfig(undefined, IDS), { thresholds });
  await writeFile(join(dir, DEFAULT_CONFIG_FILE), '{"rules":{"session-churn":"loud"}}');
  await assert.rejects(loadConfig(undefined, IDS), (error: Error) => error instanceof UsageError && /^config mcp-forensics\.config\.json: field rules\.session-churn: /.test(error.message));
});

test("thresholds: out-of-range and unknown keys are one-line errors naming the field", () => {
  const reasonOf = (thresholds: unknown) => {
    const parsed = parseConfig(JSON.stringify({ thresholds }), IDS);
    assert.equal(parsed.ok, false, JSON.stringify(thresholds));
    return parsed.ok ? "" : parsed.reason;
  };
  assert.match(reasonOf({ acceptedChurnRatio: 1.5 }), /^field thresholds\.acceptedChurnRatio: /);
  assert.match(reasonOf({ acceptedChurnRatio: -0.1 }), /^field thresholds\.acceptedChurnRatio: /);
  assert.match(reasonOf({ maxOrphanedSessions: 2.5 }), /^field thresholds\.maxOrphanedSessions: expected an integer/);
  assert.match(reasonOf({ maxOrphanedSessions: -1 }), /^field thresholds\.maxOrphanedSessions: /);
  assert.match(reasonOf({ maxStreamLifetime: true }), /^field thresholds\.maxStreamLifetime: /);
  assert.match(reasonOf({ maxOrphans: 3 }), /maxOrphans/);
  assert.match(reasonOf(5), /^field thresholds: /);
});

test("thresholds fall back to the rules' defaults one by one; maxStreamLifetime is a duration", () => {
  assert.deepEqual(resolveSettings({ rule: [] }, {}, IDS).thresholds, DEFAULT_RULE_SETTINGS);
  assert.deepEqual(DEFAULT_RULE_SETTINGS, { acceptedChurnRatio: 0, maxOrphanedSessions: 10, maxStreamLifetimeMs: 3_600_000 });
  assert.deepEqual(resolveSettings({ rule: [] }, { thresholds: { maxOrphanedSessions: 0, maxStreamLifetime: "5m" } }, IDS).thresholds, {
    acceptedChurnRatio: 0,
    maxOrphanedSessions: 0,
    maxStreamLifetimeMs: 300_000,
  });
  assert.equal(resolveSettings({ rule: [] }, { thresholds: { maxStreamLifetime: 90 } }, IDS).thresholds.maxStreamLifetimeMs, 90_000);
  assert.throws(
    () => resolveSettings({ rule: [] }, { thresholds: { maxStreamLifetime: "an hour" } }, IDS),
    (error: Error) => error instanceof UsageError && /^config thresholds\.maxStreamLifetime expects a duration/.test(error.message),
  );
});
