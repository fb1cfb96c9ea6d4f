import { DEFAULT_RULE_SETTINGS, type RuleSettings } from "../analyzers/analyzer.js";
import type { RuleLevel } from "../analyzers/run-analyzers.js";
import type { Config } from "../config.js";
import { FAIL_LEVELS, parseChoice, parseDuration, parseRuleLevel, type FailLevel } from "./parse-options.js";

export interface GateSettings {
  readonly failOn: FailLevel;
  readonly batchGapMs: number;
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly thresholds: RuleSettings;
}

export interface GateFlags {
  readonly failOn?: string;
  readonly batchGap?: string;
  readonly rule: readonly string[];
}

/** Flags win over the config file, which wins over the defaults; `--rule` merges rule by rule. */
export function resolveSettings(flags: GateFlags, config: Config, ruleIds: readonly string[]): GateSettings {
  const failOn = flags.failOn !== undefined ? parseChoice(flags.failOn, FAIL_LEVELS, "--fail-on") : (config.failOn ?? "error");
  const batchGap = flags.batchGap ?? (config.batchGap === undefined ? "2s" : String(config.batchGap));
  const batchGapMs = parseDuration(batchGap, flags.batchGap !== undefined ? "--batch-gap" : "config batchGap");
  const rules: Record<string, RuleLevel> = { ...config.rules };
  for (const text of flags.rule) {
    const [id, level] = parseRuleLevel(text, ruleIds);
    rules[id] = level;
  }
  return { failOn, batchGapMs, rules, thresholds: resolveThresholds(config.thresholds) };
}

/** The config file's thresholds over the defaults (no flag sets them). */
function resolveThresholds(thresholds: Config["thresholds"] = {}): RuleSettings {
  const lifetime = thresholds.maxStreamLifetime;
  return {
    acceptedChurnRatio: thresholds.acceptedChurnRatio ?? DEFAULT_RULE_SETTINGS.acceptedChurnRatio,
    maxOrphanedSessions: thresholds.maxOrphanedSessions ?? DEFAULT_RULE_SETTINGS.maxOrphanedSessions,
    maxStreamLifetimeMs:
      lifetime === undefined ? DEFAULT_RULE_SETTINGS.maxStreamLifetimeMs : parseDuration(String(lifetime), "config thresholds.maxStreamLifetime"),
  };
}
