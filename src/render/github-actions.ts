import { isAbsolute, relative, sep } from "node:path";
import type { Finding, Report, Severity } from "../report.js";
import { displayText } from "./escape.js";
import { isAtOrAbove, type FailLevel } from "./fail-level.js";

/** GitHub shows at most 10 annotations of each level per step; more are noise in the log. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;
/** $GITHUB_STEP_SUMMARY takes at most 1 MiB per step; a larger upload fails the step summary. */
export const MAX_STEP_SUMMARY_BYTES = 1024 * 1024;

export interface WorkflowCommandOptions {
  readonly failOn: FailLevel;
  /** GITHUB_WORKSPACE or the working directory: a file= outside it is dropped by GitHub. */
  readonly workspace: string;
}

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { error: "error", warning: "warning", info: "notice" };

/**
 * `::error file=…,line=…,title=…::message` lines for the findings at or above --fail-on, so the
 * reason shows on the run's summary page; the first 10 of each level.
 */
export function renderWorkflowCommands(report: Report, options: WorkflowCommandOptions): string {
  const emitted: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const lines: string[] = [];
  for (const finding of report.findings) {
    if (!isAtOrAbove(finding.severity, options.failOn) || emitted[finding.severity] >= MAX_ANNOTATIONS_PER_LEVEL) continue;
    emitted[finding.severity]++;
    lines.push(renderWorkflowCommand(finding, options.workspace));
  }
  return lines.map((line) => `${line}\n`).join("");
}

function renderWorkflowCommand(finding: Finding, workspace: string): string {
  const first = finding.evidence[0];
  const file = first ? workspacePath(first.file, workspace) : null;
  const properties = [
    ...(file !== null && first ? [`file=${escapeProperty(displayText(file))}`, `line=${first.line}`] : []),
    `title=${escapeProperty(`mcp-forensics ${finding.rule}`)}`,
  ];
  const evidence = finding.evidence.slice(0, 5).map((ref) => `${ref.file}:${ref.line}`);
  const more = finding.evidenceCount > evidence.length ? ` and ${finding.evidenceCount - evidence.length} more` : "";
  const message = `${displayText(finding.message)}\nevidence: ${displayText(evidence.join(", "))}${more}`;
  return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(message)}`;
}

/** The path relative to the workspace, or null when it lies outside (GitHub would drop the annotation's file). */
export function workspacePath(path: string, workspace: string): string | null {
  const fromWorkspace = relative(workspace, isAbsolute(path) ? path : `${workspace}${sep}${path}`);
  if (fromWorkspace === "" || fromWorkspace === ".." || fromWorkspace.startsWith(`..${sep}`) || isAbsolute(fromWorkspace)) return null;
  return fromWorkspace.split(sep).join("/");
}

// Workflow command escaping (actions/toolkit command.ts): a raw CR or LF would end the command and
// let log text start a command of its own. Log text has been through displayText already.
function escapeData(s: string): string {
  return s
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The markdown report as the step summary takes it: cut at 1 MiB on a character boundary, with a note. */
export function capStepSummary(markdown: string): string {
  const bytes = Buffer.from(markdown, "utf8");
  if (bytes.length <= MAX_STEP_SUMMARY_BYTES) return markdown;
  const note = "\n\n_… report cut at GitHub's 1 MiB step-summary limit; use `--format markdown -o FILE` for all of it._\n";
  const room = MAX_STEP_SUMMARY_BYTES - Buffer.byteLength(note);
  // Decoding a cut buffer can leave a U+FFFD for a split character: drop it.
  return bytes.subarray(0, room).toString("utf8").replace(/\uFFFD$/, "") + note;
}
