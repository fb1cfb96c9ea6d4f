import { createHash } from "node:crypto";
import type { Report } from "../report.js";
import { describeSessionBars, describeTimeSpan } from "./chart-data.js";
import { formatFileName } from "./format.js";
import { renderActiveChartSvg } from "./html-active-chart.js";
import { htmlText } from "./html-escape.js";
import { renderEventList } from "./html-events.js";
import { HTML_SCRIPT } from "./html-script.js";
import { renderClientsHtml, renderFindingsHtml, renderHypothesesHtml, renderInputHtml, renderSummaryHtml } from "./html-sections.js";
import { HTML_STYLE } from "./html-style.js";
import { renderSessionTimelineSvg, sessionKeys } from "./html-timeline.js";

export interface HtmlOptions {
  readonly fullIds: boolean;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * The page may run only its own script and style and load nothing at all: even if some log text
 * slipped through unescaped, the browser would neither execute it nor fetch anything.
 */
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${sha256(HTML_STYLE)}; script-src ${sha256(HTML_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${title}</h2>${body}</section>`;
}

/** One self-contained HTML page: inline CSS, SVG and script, no external URL, every log value escaped. */
export function renderHtml(report: Report, options: HtmlOptions): string {
  const bars = describeSessionBars(report);
  const span = describeTimeSpan(report, bars) ?? { from: 0, to: 1 };
  const files = report.input.files.map((f) => htmlText(formatFileName(f.path))).join(", ");
  const filter = `<p id="filter" hidden>Showing the events of session <code id="filter-name"></code> <button type="button" id="filter-clear">Show all events</button></p>`;
  const body = [
    `<header><h1>MCP session forensics</h1><p class="muted">${files || "no input"} · mcp-forensics ${htmlText(report.tool.version)}</p></header>`,
    section("summary", "Summary", renderSummaryHtml(report)),
    section("clients", "Client verdicts", renderClientsHtml(report)),
    section("sessions", "Session timeline", `<p class="muted">One bar per session, from its creation to its last request. Hover or focus a bar for its requests; click it to filter the events below.</p>${renderSessionTimelineSvg(report, span, options.fullIds)}`),
    section("active", "Active sessions", renderActiveChartSvg(report, span)),
    section("findings", "Findings", renderFindingsHtml(report, options.fullIds)),
    section("hypotheses", "What this rules out", renderHypothesesHtml(report)),
    section("timeline", "Events", `${filter}${renderEventList(report, sessionKeys(report), options.fullIds)}`),
    section("input", "Input", renderInputHtml(report)),
  ];
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>MCP session forensics${files ? ` · ${files}` : ""}</title>`,
    `<style>${HTML_STYLE}</style></head>`,
    `<body>${body.join("\n")}<div id="tip" role="tooltip" hidden></div><script>${HTML_SCRIPT}</script></body></html>`,
    "",
  ].join("\n");
}
