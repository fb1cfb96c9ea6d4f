import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import type { LineRef } from "../events.js";
import type { Finding, Report, Severity } from "../report.js";

/** GitHub code scanning rejects a run with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;

export interface SarifRule {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly specRef: string | null;
}

export interface SarifOptions {
  /** Every rule that ran, with the severity it ran at. */
  readonly rules: readonly SarifRule[];
  /** Log paths inside this directory become relative URIs, as code scanning needs them. */
  readonly workspace: string;
}

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: the log file is the artifact, the
 * first evidence line the result's location, the other evidence lines related locations.
 */
export function renderSarif(report: Report, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, i) => [rule.id, i]));
  const kept = report.findings.slice(0, MAX_SARIF_RESULTS);
  const omitted = report.findings.length - kept.length;
  const seen = new Map<string, number>();
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mcp-forensics",
            version: report.tool.version,
            rules: options.rules.map(describeRule),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications:
              omitted > 0 ? [{ level: "warning", message: { text: `${omitted} result(s) left out: SARIF consumers accept at most ${MAX_SARIF_RESULTS}` } }] : [],
          },
        ],
        results: kept.map((finding) => describeResult(finding, ruleIndex.get(finding.rule), options.workspace, seen)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function describeRule(rule: SarifRule) {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.specRef === null ? rule.description : `${rule.description} (${rule.specRef})` },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
  };
}

function describeResult(finding: Finding, ruleIndex: number | undefined, workspace: string, seen: Map<string, number>) {
  const [first, ...rest] = finding.evidence;
  // A finding lists its first lines only: a viewer shows locations, not the report's count, so the message says it.
  const unlisted = finding.evidenceCount - finding.evidence.length;
  const text = unlisted > 0 ? `${finding.message} (${finding.evidenceCount} evidence lines: the first ${finding.evidence.length} are located here)` : finding.message;
  return {
    ruleId: finding.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: SARIF_LEVEL[finding.severity],
    message: { text },
    locations: first ? [describeLocation(first, workspace)] : [],
    relatedLocations: rest.map((ref, i) => ({ id: i + 1, ...describeLocation(ref, workspace) })),
    partialFingerprints: { "mcpForensicsFinding/v1": fingerprint(finding, seen) },
    properties: { evidenceCount: finding.evidenceCount },
  };
}

function describeLocation(ref: LineRef, workspace: string) {
  return { physicalLocation: { artifactLocation: { uri: toArtifactUri(ref.file, workspace) }, region: { startLine: ref.line } } };
}

/** A relative URI for a log inside the workspace (or given relative); a file: URI for one outside it. */
export function toArtifactUri(path: string, workspace: string): string {
  const fromWorkspace = isAbsolute(path) ? relative(workspace, path) : path;
  const outside = isAbsolute(path) && (fromWorkspace === ".." || fromWorkspace.startsWith(`..${sep}`) || isAbsolute(fromWorkspace));
  const encoded = (outside ? path : fromWorkspace).split(sep).join("/").split("/").map(encodeURIComponent).join("/");
  return outside ? `file://${encoded.startsWith("/") ? "" : "/"}${encoded}` : encoded;
}

/**
 * Stable across runs on a growing log (line numbers shift, the rule, client and session do not),
 * so code scanning matches a finding to its earlier alert; repeats of one key are numbered.
 */
function fingerprint(finding: Finding, seen: Map<string, number>): string {
  const key = JSON.stringify([finding.rule, finding.client, finding.sessionId]);
  const occurrence = seen.get(key) ?? 0;
  seen.set(key, occurrence + 1);
  return createHash("sha256").update(`${key}#${occurrence}`).digest("hex").slice(0, 32);
}
