import type { ClientVerdict, HypothesisVerdict, Report } from "../report.js";
import { shortId } from "./escape.js";
import { describeRowsLeftOut, formatRefList, logLineStart, logText, renderMarkdownTable, wrapInDetails } from "./markdown-blocks.js";
import { formatClock, formatCount, formatDuration, formatFileName, formatGap, formatInteger, formatPercent, formatRef, formatSkipGroup } from "./format.js";
import type { MarkdownLayout } from "./markdown-layout.js";
import { listWithin, rankClientsWorstFirst, WORST_CLIENTS_ORDER } from "./markdown-ranking.js";

type ReportSession = Report["sessions"][number];

const FOLD_SESSIONS_OVER = 50;
const MAX_HYPOTHESIS_REFS = 3;
const MAX_LISTED_SKIPS = 20;
const MAX_REFS_PER_REASON = 3;

const VERDICT_LABELS: Readonly<Record<ClientVerdict, string>> = {
  persists: "persists",
  intermittent: "intermittent",
  "new-session-every-batch": "new session every batch",
};

const HYPOTHESIS_LABELS: Readonly<Record<HypothesisVerdict, string>> = {
  "ruled-out": "ruled out",
  supported: "supported",
  "not-enough-evidence": "not enough evidence",
};

/** In log order when every client is listed; when some are left out, the worst ones. */
export function renderClientsSection(report: Report, layout: MarkdownLayout): string {
  if (report.clients.length === 0) return "## Clients\n\nNo requests in the log.";
  const rows = listWithin(report.clients, layout.clientRows, rankClientsWorstFirst).map((c) => [
    logText(c.key),
    VERDICT_LABELS[c.verdict],
    formatInteger(c.batches),
    formatInteger(c.sessions),
    formatInteger(c.losses),
    formatPercent(c.churnRatio),
    formatInteger(c.deletes),
  ]);
  const table = renderMarkdownTable(["Client", "Verdict", "Batches", "Sessions", "Losses", "Churn", "DELETEs"], rows);
  const listed = `. Listed: the ${formatInteger(rows.length)} worst — ${WORST_CLIENTS_ORDER}.`;
  return `## Clients\n\n${table}${describeRowsLeftOut(report.clients.length - rows.length, "client", undefined, listed)}`;
}

function describeSessionEnd(session: ReportSession): string {
  return session.endedAt === null ? session.endedBy : `${session.endedBy} ${formatClock(session.endedAt)}`;
}

function describeActiveSessions(session: ReportSession): string {
  if (session.activeSessions === null) return "-";
  return session.activeSessionsSource === "counted" ? `${session.activeSessions}\\*` : `${session.activeSessions}`;
}

type CreatedSession = ReportSession & { readonly createdAt: string };

function describeSessionRow(session: CreatedSession, index: number, fullIds: boolean): string[] {
  return [
    formatClock(session.createdAt),
    logText(shortId(session.id, fullIds)),
    describeActiveSessions(session),
    index === 0 || session.gapSincePreviousMs === null ? "-" : formatGap(session.gapSincePreviousMs),
    formatInteger(session.requests),
    formatInteger(session.batches),
    describeSessionEnd(session),
  ];
}

/** The seed report's Capture 2 table: one row per session the log saw created. */
export function renderSessionsSection(report: Report, fullIds: boolean, layout: MarkdownLayout): string {
  const created = report.sessions.filter((s): s is CreatedSession => s.createdAt !== null);
  if (created.length === 0) return "## Sessions\n\nThe log records no session creations.";
  // The report itself lists at most MAX_REPORT_SESSIONS: count against the summary's total.
  const total = Math.max(report.summary.sessionsCreated, created.length);
  const where = report.sessionsOmitted > 0 ? "narrow with --from/--to, --client or --session; --format json lists the first 1,000" : "see --format json";
  if (layout.sessionRows === 0) {
    return `## Sessions\n\n${formatCount(total, "session")} created; the table was left out to keep this report under GitHub's 65,536-character limit (${where}).`;
  }
  const shown = created.slice(0, layout.sessionRows);
  const headers = ["Time (UTC)", "Session ID", "Active Sessions", "Gap Since Previous", "Requests", "Batches", "Ended"];
  let body = renderMarkdownTable(headers, shown.map((s, i) => describeSessionRow(s, i, fullIds)));
  body += describeRowsLeftOut(total - shown.length, "session", where);
  if (shown.some((s) => s.activeSessionsSource === "counted")) {
    body += "\n\n\\* counted from the log's session lifecycle lines: the server did not log active_sessions there.";
  }
  if (total > FOLD_SESSIONS_OVER) body = wrapInDetails(`${formatCount(total, "session")} created`, body);
  return `## Sessions\n\n${body}`;
}

export function renderHypothesesSection(report: Report): string {
  if (report.hypotheses.length === 0) return "## What this rules out\n\nNo hypotheses were checked.";
  const rows = report.hypotheses.map((h) => {
    const refs = formatRefList(h.evidence, h.evidence.length, MAX_HYPOTHESIS_REFS);
    return [logText(h.title), HYPOTHESIS_LABELS[h.verdict], refs === "" ? logText(h.reason) : `${logText(h.reason)} (${refs})`];
  });
  return `## What this rules out\n\n${renderMarkdownTable(["Hypothesis", "Verdict", "Evidence"], rows)}`;
}

type BatchPattern = Report["batchPatterns"][number];

/** One pattern per client: when some are left out, those of the clients the Clients table lists first (log order when not). */
function rankPatternsByClient(patterns: readonly BatchPattern[], clients: Report["clients"]): BatchPattern[] {
  const rank = new Map(rankClientsWorstFirst(clients).map((c, i) => [c.key, i]));
  const rankOf = (p: BatchPattern) => rank.get(p.client) ?? Number.POSITIVE_INFINITY;
  return [...patterns].sort((a, b) => rankOf(a) - rankOf(b));
}

export function renderBatchPatternSection(report: Report, layout: MarkdownLayout): string {
  if (report.batchPatterns.length === 0) return "## Batch pattern\n\nNo batch repeated a pattern.";
  const shown = listWithin(report.batchPatterns, layout.batchPatterns, (patterns) => rankPatternsByClient(patterns, report.clients));
  const patterns = shown.map((p) => {
    const steps = p.steps.map((step, i) => `${i + 1}. ${logLineStart(step)}`).join("\n");
    return `In ${formatInteger(p.batches)} of ${formatCount(p.ofBatches, "batch", "batches")} ${logText(p.client)} sent:\n\n${steps}`;
  });
  const listed = `. Listed: the patterns of the ${formatInteger(shown.length)} worst clients — ${WORST_CLIENTS_ORDER}.`;
  const more = describeRowsLeftOut(report.batchPatterns.length - shown.length, "batch pattern", undefined, listed);
  return `## Batch pattern\n\n${patterns.join("\n\n")}${more}`;
}

/** Empty when every check could run: the section only exists to admit a gap. */
export function renderLimitationsSection(report: Report): string {
  if (report.limitations.length === 0) return "";
  const bullets = report.limitations.map((l) => `- could not check ${logText(l.check)}: ${logText(l.reason)}`);
  return `## Limitations\n\n${bullets.join("\n")}`;
}

function describeIgnored(ignoredEvents: Readonly<Record<string, number>>): string {
  const entries = Object.entries(ignoredEvents).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return "Ignored event kinds: none.";
  return `Ignored event kinds: ${entries.map(([kind, n]) => `${logText(kind)} ×${formatInteger(n)}`).join(", ")}.`;
}

/** One bullet per reason class, counting every skip (the list below it stops at 20). */
function describeSkippedByReason(input: Report["input"]): string[] {
  if (input.skippedByReason.length === 0) return [];
  const groups = input.skippedByReason.map((g) => `  - ${logLineStart(formatSkipGroup(g, MAX_REFS_PER_REASON))}`);
  return [`- Skipped lines by reason:\n${groups.join("\n")}`];
}

function describeSkipped(input: Report["input"]): string {
  if (input.skippedCount === 0) return "Skipped lines: none.";
  const listed = input.skipped.slice(0, MAX_LISTED_SKIPS).map((s) => `  - ${logLineStart(formatRef(s))} — ${logText(s.reason)}`);
  const more = input.skippedCount - listed.length;
  if (more > 0) listed.push(`  - … ${formatCount(more, "more line")} (see --format json)`);
  return `Skipped lines: ${formatInteger(input.skippedCount)}.\n${listed.join("\n")}`;
}

export function renderInputSection(report: Report): string {
  const { input, options, tool } = report;
  const files = input.files.map((f) => {
    const counts = [formatCount(f.lines, "line"), formatCount(f.events, "event"), `${formatInteger(f.ignored)} ignored`, `${formatInteger(f.skipped)} skipped`];
    return `- ${logLineStart(formatFileName(f.path))}: ${counts.join(", ")}`;
  });
  const lines = [
    `- Input format: ${input.format}.`,
    ...files,
    `- ${describeIgnored(input.ignoredEvents)}`,
    ...describeSkippedByReason(input),
    `- ${describeSkipped(input)}`,
    ...(input.outsideWindow > 0 ? [`- ${formatCount(input.outsideWindow, "event")} outside --from/--to.`] : []),
    `- Batch gap: ${formatDuration(options.batchGapMs)}.`,
  ];
  const footer = `Generated by ${logText(tool.name)} ${logText(tool.version)} (report schema ${report.schemaVersion}).`;
  return `## Input\n\n${lines.join("\n")}\n\n${footer}`;
}
