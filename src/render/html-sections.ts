import type { Report } from "../report.js";
import { shortId } from "./escape.js";
import { formatDateTime, formatDistribution, formatDuration, formatInteger, formatPercent, formatRef, formatFileName, formatCount } from "./format.js";
import { htmlText } from "./html-escape.js";

const MAX_EVIDENCE = 12;

function describeWindow(summary: Report["summary"]): string {
  if (summary.firstEventAt === null || summary.lastEventAt === null) return "no events";
  const duration = summary.durationMs === null ? "" : ` (${formatDuration(summary.durationMs)})`;
  return `${formatDateTime(summary.firstEventAt)} to ${formatDateTime(summary.lastEventAt)}${duration}`;
}

export function renderSummaryHtml(report: Report): string {
  const s = report.summary;
  const peak = s.peakActiveSessions === null ? "unknown" : `${formatInteger(s.peakActiveSessions)}${s.peakActiveSessionsSource === "counted" ? " (counted)" : ""}`;
  const facts: [string, string][] = [
    ["requests", formatInteger(s.requests)],
    ["sessions created", formatInteger(s.sessionsCreated)],
    ["session losses", formatInteger(s.sessionLosses)],
    ["DELETE requests", formatInteger(s.deleteRequests)],
    ["peak active sessions", peak],
    ["orphaned sessions", formatInteger(s.orphanedSessions)],
    ["server restarts", formatInteger(s.serverRestarts)],
    ["stream lifetimes", formatDistribution(s.streamLifetimeMs)],
  ];
  const cards = facts.map(([name, value]) => `<div><dt>${name}</dt><dd>${value}</dd></div>`).join("");
  return `<p class="muted">${describeWindow(s)}</p><dl class="summary">${cards}</dl>`;
}

export function renderClientsHtml(report: Report): string {
  if (report.clients.length === 0) return `<p class="muted">No requests in the log.</p>`;
  const rows = report.clients.map(
    (c) =>
      `<tr><td class="mono">${htmlText(c.key)}</td><td><span class="verdict verdict-${c.verdict}">${c.verdict}</span></td>` +
      `<td>${c.requests}</td><td>${c.batches}</td><td>${c.sessions}</td><td>${c.losses}</td><td>${formatPercent(c.churnRatio)}</td><td>${c.deletes}</td></tr>`,
  );
  return `<table><thead><tr><th>Client</th><th>Verdict</th><th>Requests</th><th>Batches</th><th>Sessions</th><th>Losses</th><th>Churn</th><th>DELETEs</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function renderEvidence(refs: Report["findings"][number]["evidence"], total: number): string {
  const items = refs.slice(0, MAX_EVIDENCE).map((ref) => `<li class="ref">${htmlText(formatRef(ref))}</li>`);
  const more = total - Math.min(refs.length, MAX_EVIDENCE);
  if (more > 0) items.push(`<li class="muted">+${more} more</li>`);
  return items.length === 0 ? "" : `<ul class="evidence">${items.join("")}</ul>`;
}

export function renderFindingsHtml(report: Report, fullIds: boolean): string {
  if (report.findings.length === 0) return `<p>No findings.</p>`;
  return report.findings
    .map((f) => {
      const session = f.sessionId === null ? "" : ` <span class="mono muted">[${htmlText(shortId(f.sessionId, fullIds))}]</span>`;
      return (
        `<article class="finding"><h3><span class="badge sev-${f.severity}">${f.severity}</span> <code>${htmlText(f.rule)}</code>${session}</h3>` +
        `<p>${htmlText(f.message)}</p>${renderEvidence(f.evidence, f.evidenceCount)}</article>`
      );
    })
    .join("");
}

const MAX_REFS_PER_REASON = 3;

/** Lines read per file, and what was skipped, by reason, with the first lines of each. */
export function renderInputHtml(report: Report): string {
  const { input } = report;
  const files = input.files.map(
    (f) => `<li>${htmlText(formatFileName(f.path))}: ${formatCount(f.lines, "line")}, ${formatCount(f.events, "event")}, ${formatInteger(f.ignored)} ignored, ${formatInteger(f.skipped)} skipped</li>`,
  );
  const list = `<p>Input format: ${htmlText(input.format)}</p><ul>${files.join("")}</ul>`;
  if (input.skippedByReason.length === 0) return `${list}<p>Skipped lines: none.</p>`;
  const rows = input.skippedByReason.map((g) => {
    const refs = g.first.slice(0, MAX_REFS_PER_REASON).map((ref) => htmlText(formatRef(ref)));
    const more = g.count > refs.length ? ", …" : "";
    return `<tr><td>${htmlText(g.reason)}</td><td>${formatInteger(g.count)}</td><td class="ref">${refs.join(", ")}${more}</td></tr>`;
  });
  const table = `<table><thead><tr><th>Skipped because</th><th>Lines</th><th>First lines</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  return `${list}<p>Skipped lines: ${formatInteger(input.skippedCount)}, by reason:</p>${table}`;
}

export function renderHypothesesHtml(report: Report): string {
  if (report.hypotheses.length === 0) return `<p class="muted">No hypotheses were checked.</p>`;
  const rows = report.hypotheses.map((h) => {
    const refs = h.evidence.slice(0, MAX_EVIDENCE).map((ref) => htmlText(formatRef(ref)));
    const more = h.evidence.length > MAX_EVIDENCE ? ` +${h.evidence.length - MAX_EVIDENCE} more` : "";
    return (
      `<tr><td>${htmlText(h.title)}</td><td><span class="verdict hyp-${h.verdict}">${h.verdict.replace(/-/g, " ")}</span></td>` +
      `<td>${htmlText(h.reason)}</td><td class="ref">${refs.join(", ")}${more}</td></tr>`
    );
  });
  return `<table><thead><tr><th>Hypothesis</th><th>Verdict</th><th>Reason</th><th>Evidence</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
