import type { Report } from "../report.js";

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls (U+009B is a one-byte CSI on
 * some terminals) and bidi overrides raw; `… | cat` would then hand them to a terminal.
 */
const UNSAFE_FOR_TERMINALS = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The report itself is the JSON contract; see ReportSchema. */
export function renderJson(report: Report): string {
  const json = JSON.stringify(report, null, 2).replace(UNSAFE_FOR_TERMINALS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${json}\n`;
}
