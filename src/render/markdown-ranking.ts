import type { ClientVerdict, Finding, Report, Severity } from "../report.js";

type ReportClient = Report["clients"][number];

const VERDICT_RANK: Readonly<Record<ClientVerdict, number>> = {
  "new-session-every-batch": 0,
  intermittent: 1,
  persists: 2,
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** How the compact report words the order of rankClientsWorstFirst. */
export const WORST_CLIENTS_ORDER = "new session every batch, then intermittent; most session losses first";
/** How the compact report words the order of rankFindingsBySeverity. */
export const FINDINGS_ORDER = "errors, then warnings, then info; most evidence first";

/**
 * The clients an operator is looking for first: the verdict, then losses, then requests, ties in
 * log order (Array.prototype.sort is stable).
 */
export function rankClientsWorstFirst(clients: readonly ReportClient[]): ReportClient[] {
  return [...clients].sort(
    (a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || b.losses - a.losses || b.requests - a.requests,
  );
}

/** Severity, then the findings with the most evidence lines, ties in log order. */
export function rankFindingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.evidenceCount - a.evidenceCount);
}

/** All of `items` in log order when they fit in `cap`; else the first `cap` by `rank`, the ones that matter. */
export function listWithin<T>(items: readonly T[], cap: number, rank: (items: readonly T[]) => T[]): readonly T[] {
  return items.length <= cap ? items : rank(items).slice(0, cap);
}
