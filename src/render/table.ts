import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { ClientVerdict, HypothesisVerdict, Report, Severity } from "../report.js";
import { displayText, shortId } from "./escape.js";
import { formatCount, formatDateTime, formatDuration, formatPercent, formatRef, formatSkipGroup, truncateText } from "./format.js";
import { renderLifelines, renderSparkline } from "./table-charts.js";

export interface TableOptions {
  readonly color: boolean;
  readonly fullIds: boolean;
  /** Terminal columns; the widest column of each table takes what the others leave. */
  readonly width: number;
  /** The active-sessions sparkline and, on wide terminals, the session lifelines; default on. */
  readonly charts?: boolean;
}

const MAX_VALUE_CHARS = 200;
const MAX_FINDING_ROWS = 50;
const MAX_FINDING_REFS = 3;
const MIN_FLEXIBLE_WIDTH = 16;

type Paint = (text: string) => string;

function terminalText(s: string): string {
  return displayText(truncateText(s, MAX_VALUE_CHARS));
}

/** Keys and file names rarely have spaces: hard-wrapped, they show in full instead of cut. */
function hardWrappedCell(content: string) {
  return { content, wrapOnWordBoundary: false };
}

function paintVerdict(chalk: ChalkInstance, verdict: ClientVerdict): string {
  const paints: Record<ClientVerdict, Paint> = { persists: chalk.green, intermittent: chalk.yellow, "new-session-every-batch": chalk.red };
  return paints[verdict](verdict);
}

function paintSeverity(chalk: ChalkInstance, severity: Severity): string {
  const paints: Record<Severity, Paint> = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };
  return paints[severity](severity);
}

function paintHypothesis(chalk: ChalkInstance, verdict: HypothesisVerdict): string {
  const paints: Record<HypothesisVerdict, Paint> = { "ruled-out": chalk.green, supported: chalk.red, "not-enough-evidence": chalk.dim };
  return paints[verdict](verdict.replace(/-/g, " "));
}

/**
 * A cli-table3 table whose one `null` column takes the width the fixed ones leave. cli-table3
 * colours headers and borders itself, and even into a pipe, so its styles are always emptied
 * and colour comes only from `chalk`, which follows the `color` option.
 */
function createTable(chalk: ChalkInstance, head: string[], fixedWidths: (number | null)[], width: number) {
  const borders = head.length + 1;
  const fixed = fixedWidths.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  const flexible = Math.max(MIN_FLEXIBLE_WIDTH, width - fixed - borders);
  return new Table({
    head: head.map((h) => chalk.bold(h)),
    colWidths: fixedWidths.map((w) => w ?? flexible),
    wordWrap: true,
    style: { head: [], border: [] },
  });
}

function describeWindow(summary: Report["summary"]): string {
  if (summary.firstEventAt === null || summary.lastEventAt === null) return "no events";
  const duration = summary.durationMs === null ? "" : ` (${formatDuration(summary.durationMs)})`;
  return `${formatDateTime(summary.firstEventAt)} to ${formatDateTime(summary.lastEventAt)}${duration}`;
}

function renderHeadline(report: Report, chalk: ChalkInstance): string {
  const { summary } = report;
  const counted = summary.peakActiveSessionsSource === "counted" ? " (counted)" : "";
  const peak = summary.peakActiveSessions === null ? "unknown" : `${summary.peakActiveSessions}${counted}`;
  const paintLosses = summary.sessionLosses > 0 ? chalk.red : chalk.green;
  const counts = [
    formatCount(summary.requests, "request"),
    `${formatCount(summary.sessionsCreated, "session")} created`,
    paintLosses(formatCount(summary.sessionLosses, "session loss", "session losses")),
    formatCount(summary.deleteRequests, "DELETE request"),
  ];
  const server = [
    `peak active sessions ${peak}`,
    formatCount(summary.serverRestarts, "server restart"),
    formatCount(summary.orphanedSessions, "orphaned session"),
  ];
  return [`${chalk.bold("MCP session forensics")}  ${describeWindow(summary)}`, counts.join(" · "), server.join(" · ")].join("\n");
}

function renderClients(report: Report, chalk: ChalkInstance, width: number): string {
  if (report.clients.length === 0) return "No clients.";
  const table = createTable(chalk, ["Client", "Verdict", "Batches", "Sessions", "Losses", "Churn", "DELETEs"], [null, 25, 9, 10, 8, 7, 9], width);
  for (const c of report.clients) {
    table.push([hardWrappedCell(terminalText(c.key)), paintVerdict(chalk, c.verdict), c.batches, c.sessions, c.losses, formatPercent(c.churnRatio), c.deletes]);
  }
  return table.toString();
}

function describeFinding(finding: Report["findings"][number], fullIds: boolean): string {
  const message = terminalText(finding.message);
  return finding.sessionId === null ? message : `[${terminalText(shortId(finding.sessionId, fullIds))}] ${message}`;
}

/** One `file:line` per line, so a ref never breaks across two. */
function describeEvidence(finding: Report["findings"][number]): string {
  const refs = finding.evidence.slice(0, MAX_FINDING_REFS).map((ref) => terminalText(formatRef(ref)));
  const more = finding.evidenceCount - refs.length;
  return (more > 0 ? [...refs, `+${more} more`] : refs).join("\n");
}

function renderFindings(report: Report, chalk: ChalkInstance, options: TableOptions): string {
  if (report.findings.length === 0) return chalk.green("No findings.");
  const table = createTable(chalk, ["Severity", "Rule", "Message", "Evidence"], [10, 26, null, 30], options.width);
  for (const f of report.findings.slice(0, MAX_FINDING_ROWS)) {
    table.push([paintSeverity(chalk, f.severity), terminalText(f.rule), describeFinding(f, options.fullIds), hardWrappedCell(describeEvidence(f))]);
  }
  const left = report.findings.length - MAX_FINDING_ROWS;
  return left > 0 ? `${table.toString()}\n… ${formatCount(left, "more finding")} (see --format markdown or json)` : table.toString();
}

function renderHypotheses(report: Report, chalk: ChalkInstance, width: number): string {
  if (report.hypotheses.length === 0) return "";
  const table = createTable(chalk, ["Hypothesis", "Verdict", "Reason"], [30, 21, null], width);
  for (const h of report.hypotheses) table.push([terminalText(h.title), paintHypothesis(chalk, h.verdict), terminalText(h.reason)]);
  return table.toString();
}

function renderInputNote(report: Report, chalk: ChalkInstance, width: number): string {
  const notes: string[] = [];
  if (report.input.format !== "events") notes.push(`read as ${report.input.format}`);
  if (report.input.skippedCount > 0) notes.push(`${formatCount(report.input.skippedCount, "line")} skipped`);
  if (report.limitations.length > 0) {
    const checks = new Set(report.limitations.map((l) => terminalText(l.check)));
    notes.push(`could not check: ${[...checks].join(", ")}`);
  }
  if (notes.length === 0) return "";
  return chalk.dim([`Note: ${notes.join("; ")} (details in --format markdown).`, describeSkipsByReason(report, width)].filter((l) => l !== "").join("\n"));
}

/** One line, cut to the width: each reason with its count and first line. */
function describeSkipsByReason(report: Report, width: number): string {
  if (report.input.skippedByReason.length === 0) return "";
  const line = `Skipped by reason: ${report.input.skippedByReason.map((g) => formatSkipGroup(g, 1)).join(", ")}`;
  return terminalText(truncateText(line, Math.max(width - 20, 20)));
}

/** The report for a terminal: headline, client verdicts, findings and hypotheses. */
export function renderTable(report: Report, options: TableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const blocks = [
    renderHeadline(report, chalk),
    options.charts === false ? "" : renderSparkline(report, chalk, options.width),
    options.charts === false ? "" : renderLifelines(report, chalk, options.width, options.fullIds),
    renderClients(report, chalk, options.width),
    renderFindings(report, chalk, options),
    renderHypotheses(report, chalk, options.width),
    renderInputNote(report, chalk, options.width),
  ];
  return `${blocks.filter((b) => b !== "").join("\n\n")}\n`;
}
