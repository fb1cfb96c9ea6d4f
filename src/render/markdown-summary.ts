import type { ClientVerdict, Report } from "../report.js";
import { logText } from "./markdown-blocks.js";
import { listWithin, rankClientsWorstFirst, WORST_CLIENTS_ORDER } from "./markdown-ranking.js";
import {
  formatCount,
  formatDateTime,
  formatDistribution,
  formatDuration,
  formatFileName,
  formatInteger,
} from "./format.js";

type ReportClient = Report["clients"][number];

const MAX_SUMMARY_CLIENTS = 10;
const MAX_SUMMARY_FILES = 3;

const VERDICT_PHRASES: Readonly<Record<ClientVerdict, string>> = {
  persists: "kept its session across batches",
  intermittent: "lost its session in some batches but reused one in others",
  "new-session-every-batch": "started a new session for every batch and never reused one",
};

function describeClient(client: ReportClient): string {
  const counts = [
    // Not "N of M batches": a batch with a duplicate initialize can lose the session twice.
    `${formatCount(client.losses, "loss", "losses")} in ${formatCount(client.batches, "batch", "batches")}`,
    formatCount(client.sessions, "session"),
    formatCount(client.deletes, "DELETE request"),
  ];
  return `- ${logText(client.key)}: ${VERDICT_PHRASES[client.verdict]} (${counts.join(", ")}).`;
}

function describeLossHeadline(report: Report): string {
  const losing = report.clients.filter((c) => c.losses > 0).length;
  if (report.clients.length === 0) return "The log holds no MCP requests.";
  if (losing === 0) return "No client lost its MCP session: every session a client received was kept.";
  const { summary } = report;
  const counts = [
    formatCount(summary.sessionLosses, "session loss", "session losses"),
    `${formatCount(summary.sessionsCreated, "session")} created`,
    formatCount(summary.deleteRequests, "DELETE request"),
  ];
  const verb = losing === 1 ? "lost its" : "lost their";
  return `${formatInteger(losing)} of ${formatCount(report.clients.length, "client")} ${verb} MCP session between batches: ${counts.join(", ")}.`;
}

function describePeak(summary: Report["summary"]): string {
  if (summary.peakActiveSessions === null) return "Peak active sessions: not known (the log has no session lifecycle lines).";
  const source = summary.peakActiveSessionsSource === "counted" ? "counted from the log" : "logged by the server";
  return `Peak active sessions: ${formatInteger(summary.peakActiveSessions)} (${source}).`;
}

function describeFilters(options: Report["options"]): string {
  const filters: string[] = [];
  if (options.from !== null) filters.push(`from ${formatDateTime(options.from)}`);
  if (options.to !== null) filters.push(`to ${formatDateTime(options.to)}`);
  if (options.client !== null) filters.push(`client ${logText(options.client)}`);
  if (options.session !== null) filters.push(`session ${logText(options.session)}`);
  return filters.length > 0 ? ` Limited to ${filters.join(", ")}.` : "";
}

function describeWindow(report: Report): string {
  const { firstEventAt, lastEventAt, durationMs } = report.summary;
  const files = report.input.files.slice(0, MAX_SUMMARY_FILES).map((f) => logText(formatFileName(f.path)));
  const moreFiles = report.input.files.length - files.length;
  const source = `${files.join(", ")}${moreFiles > 0 ? ` +${moreFiles} more` : ""}`;
  const filters = describeFilters(report.options);
  if (firstEventAt === null || lastEventAt === null) return `Analysed window: no events, from ${source}.${filters}`;
  const duration = durationMs === null ? "" : ` (${formatDuration(durationMs)})`;
  return `Analysed window: ${formatDateTime(firstEventAt)} to ${formatDateTime(lastEventAt)}${duration}, from ${source}.${filters}`;
}

/** Every client in log order, or when there are too many, the worst ones and a line counting the rest. */
function describeClients(report: Report): string[] {
  const listed = listWithin(report.clients, MAX_SUMMARY_CLIENTS, rankClientsWorstFirst).map(describeClient);
  if (listed.length === report.clients.length) return listed;
  const more = formatCount(report.clients.length - listed.length, "more client");
  return [...listed, `- … ${more}; listed: the ${MAX_SUMMARY_CLIENTS} worst — ${WORST_CLIENTS_ORDER}.`];
}

/** The title and the plain-words summary a maintainer reads first. */
export function renderSummarySection(report: Report): string {
  const clients = describeClients(report);
  const bullets = [
    ...clients,
    `- ${describePeak(report.summary)}`,
    `- Server restarts: ${report.summary.serverRestarts}.`,
    `- ${describeWindow(report)}`,
  ];
  return `# MCP session forensics\n\n## Summary\n\n${describeLossHeadline(report)}\n\n${bullets.join("\n")}`;
}

function describeRequestCounts(summary: Report["summary"]): string {
  const withoutId = summary.nullSessionInitializeRequests + summary.nullSessionNonInitializeRequests;
  const unlogged = summary.requests - withoutId - summary.requestsWithSessionId;
  const parts = [
    `${formatInteger(summary.requests)} total requests, of which ${formatInteger(withoutId)} had no mcp-session-id`,
    ` (${formatInteger(summary.nullSessionInitializeRequests)} of them initialize requests)`,
    ` and ${formatInteger(summary.requestsWithSessionId)} had a session id`,
    unlogged > 0 ? `; ${formatInteger(unlogged)} did not log the header` : "",
  ];
  return parts.join("");
}

function describeStatusCounts(statusCounts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(statusCounts).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return "HTTP status counts: none logged";
  return `HTTP status counts: ${entries.map(([status, n]) => `${logText(status)} ×${formatInteger(n)}`).join(", ")}`;
}

const LOSS_DEFINITION = "(initialize without a session id while the client's session was still alive)";

/** The seed report's "Aggregate statistics", worded the same way. */
export function renderStatisticsSection(report: Report): string {
  const { summary, statistics } = report;
  const window = summary.durationMs === null ? "" : ` in ${formatDuration(summary.durationMs)}`;
  const deletes = summary.deleteRequests === 0 && summary.sessionsCreated > 0 ? " (no client ever closed a session)" : "";
  const peakSource = summary.peakActiveSessionsSource === "counted" ? " (counted from the log)" : "";
  const bullets = [
    `${formatCount(summary.sessionsCreated, "session")} created${window}`,
    describeRequestCounts(summary),
    `${formatCount(summary.deleteRequests, "DELETE request")}${deletes}`,
    `${formatCount(summary.sessionLosses, "session loss", "session losses")} ${LOSS_DEFINITION}`,
    `Response-stream lifetime: ${formatDistribution(statistics.streamLifetimeMs)}`,
    `Peak active_sessions: ${summary.peakActiveSessions === null ? "not known" : formatInteger(summary.peakActiveSessions)}${peakSource}`,
    `Idle gap before each loss: ${formatDistribution(statistics.idleGapBeforeLossMs)}`,
    `Gap between session creations: ${formatDistribution(statistics.sessionCreationGapMs)}`,
    describeStatusCounts(summary.statusCounts),
    `Server restarts: ${formatInteger(summary.serverRestarts)}; orphaned sessions (never ended): ${formatInteger(summary.orphanedSessions)}; ` +
      `sessions wiped by a restart: ${formatInteger(summary.sessionsWipedByRestart)}`,
  ];
  return `## Aggregate statistics\n\n${bullets.map((b) => `- ${b}`).join("\n")}`;
}
