import type { Finding } from "../report.js";
import type { Timeline } from "../timeline/model.js";
import type { Analyzer } from "./analyzer.js";

/** Findings list at most this many evidence lines; evidenceCount keeps the full number. */
export const MAX_EVIDENCE = 50;

export class AnalyzerError extends Error {}

/** Runs the rules, stamping each detection with its rule id and severity, ordered by first evidence line. */
export function runAnalyzers(analyzers: readonly Analyzer[], timeline: Timeline): Finding[] {
  const findings: Finding[] = [];
  for (const analyzer of analyzers) {
    try {
      for (const detection of analyzer.detect(timeline)) {
        findings.push({
          rule: analyzer.id,
          severity: analyzer.severity,
          message: detection.message,
          client: detection.client ?? null,
          sessionId: detection.sessionId ?? null,
          evidence: detection.evidence.slice(0, MAX_EVIDENCE),
          evidenceCount: detection.evidence.length,
        });
      }
    } catch (error) {
      throw new AnalyzerError(`analyzer ${analyzer.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  const firstLine = (f: Finding) => f.evidence[0]?.line ?? 0;
  return findings.sort((a, b) => firstLine(a) - firstLine(b));
}
