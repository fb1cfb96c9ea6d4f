import type { Finding, Severity } from "../report.js";
import type { Timeline } from "../timeline/model.js";
import { DEFAULT_RULE_SETTINGS, type Analyzer, type RuleSettings } from "./analyzer.js";
import { MAX_EVIDENCE } from "../counted-evidence.js";
import { SpillReadError } from "../timeline/spill-file.js";

/** What `--rule RULE=LEVEL` and the config file's `rules` may set a rule to. */
export const RULE_LEVELS = ["off", "info", "warning", "error"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export type RuleLevels = Readonly<Record<string, RuleLevel>>;

export class AnalyzerError extends Error {}

/** The analyzers a user has not turned off (their limitations are not reported either). */
export function enabledAnalyzers(analyzers: readonly Analyzer[], levels: RuleLevels): Analyzer[] {
  return analyzers.filter((analyzer) => levels[analyzer.id] !== "off");
}

/**
 * Runs the rules, stamping each detection with its rule id and severity (the user's override, else
 * the rule's own), ordered by first evidence line. A rule set to `off` does not run at all.
 * `settings` holds the thresholds some rules read.
 */
export function runAnalyzers(
  analyzers: readonly Analyzer[],
  timeline: Timeline,
  levels: RuleLevels = {},
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): Finding[] {
  const findings: Finding[] = [];
  for (const analyzer of enabledAnalyzers(analyzers, levels)) {
    const severity: Severity = (levels[analyzer.id] as Severity | undefined) ?? analyzer.severity;
    try {
      for (const detection of analyzer.detect(timeline, settings)) {
        findings.push({
          rule: analyzer.id,
          severity,
          message: detection.message,
          client: detection.client ?? null,
          sessionId: detection.sessionId ?? null,
          evidence: detection.evidence.slice(0, MAX_EVIDENCE),
          evidenceCount: detection.evidenceCount ?? detection.evidence.length,
        });
      }
    } catch (error) {
      // A disk that fails under the spill file is no bug of the rule's: the CLI says it in its own line (spill-file.ts).
      if (error instanceof SpillReadError) throw error;
      throw new AnalyzerError(`analyzer ${analyzer.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  const firstLine = (f: Finding) => f.evidence[0]?.line ?? 0;
  return findings.sort((a, b) => firstLine(a) - firstLine(b));
}
