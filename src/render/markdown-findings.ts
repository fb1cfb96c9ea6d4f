import type { Finding, Report } from "../report.js";
import { formatInteger } from "./format.js";
import { describeRowsLeftOut, formatRefList, logText, renderMarkdownTable } from "./markdown-blocks.js";
import type { MarkdownLayout } from "./markdown-layout.js";
import { FINDINGS_ORDER, rankFindingsBySeverity } from "./markdown-ranking.js";

const MAX_FINDING_REFS = 5;
const FINDING_HEADERS = ["Severity", "Rule", "Message", "Evidence"];

function describeFindingRow(f: Finding): string[] {
  return [f.severity, logText(f.rule), logText(f.message), formatRefList(f.evidence, f.evidenceCount, MAX_FINDING_REFS)];
}

/** `duplicate-initialize ×2,819, missing-delete ×1,412`: what a ranked list left out, by rule. */
function countFindingsByRule(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${logText(rule)} ×${formatInteger(n)}`).join(", ");
}

/** In log order when every finding is listed; when some are left out, the most severe, and the rest counted by rule. */
export function renderFindingsSection(report: Report, layout: MarkdownLayout): string {
  const { findings } = report;
  if (findings.length === 0) return "## Findings\n\nNo findings.";
  if (findings.length <= layout.findingRows) return `## Findings\n\n${renderMarkdownTable(FINDING_HEADERS, findings.map(describeFindingRow))}`;
  const ranked = rankFindingsBySeverity(findings);
  const table = renderMarkdownTable(FINDING_HEADERS, ranked.slice(0, layout.findingRows).map(describeFindingRow));
  const leftOut = ranked.slice(layout.findingRows);
  const listed = `: ${countFindingsByRule(leftOut)}. Listed: the ${formatInteger(layout.findingRows)} most severe — ${FINDINGS_ORDER}.`;
  return `## Findings\n\n${table}${describeRowsLeftOut(leftOut.length, "finding", undefined, listed)}`;
}
