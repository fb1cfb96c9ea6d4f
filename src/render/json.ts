import type { Report } from "../report.js";

/** The report itself is the JSON contract; see ReportSchema. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
