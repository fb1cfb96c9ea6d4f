import type { Report } from "../report.js";
import { renderSessionGantt } from "./mermaid-gantt.js";
import { renderActiveSessionsChart } from "./mermaid-xychart.js";

/** The session gantt and the active-sessions chart as Mermaid blocks GitHub draws; "" with nothing to draw. */
export function renderChartsSection(report: Report, fullIds: boolean, maxBars: number): string {
  const gantt = renderSessionGantt(report, fullIds, maxBars);
  const active = renderActiveSessionsChart(report);
  const parts = [gantt === "" ? "" : `### Session lifetimes\n\n${gantt}`, active === "" ? "" : `### Active sessions\n\n${active}`].filter((p) => p !== "");
  return parts.length === 0 ? "" : `## Charts\n\n${parts.join("\n\n")}`;
}
