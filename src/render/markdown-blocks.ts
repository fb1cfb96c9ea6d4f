import type { LineRef } from "../events.js";
import { markdownCell } from "./escape.js";
import { formatCount, formatRef, truncateText } from "./format.js";

/** Longest log value kept in a markdown report; the JSON report keeps every character. */
const MAX_VALUE_CHARS = 200;

/** A value from the log, cut to a sane length and escaped for a table cell or inline text. */
export function logText(s: string): string {
  return markdownCell(truncateText(s, MAX_VALUE_CHARS));
}

/**
 * logText for a value that starts a line: `# x`, `- x` or `1. x` there would open a heading or
 * a list even with every inline character escaped.
 */
export function logLineStart(s: string): string {
  return logText(s).replace(/^([#+=-]|\d+(?=[.)]))/, (marker) => (/\d/.test(marker) ? `${marker}\\` : `\\${marker}`));
}

/** `capture-2.jsonl:3, capture-2.jsonl:9 +4 more`, escaped. */
export function formatRefList(refs: readonly LineRef[], total: number, max: number): string {
  const shown = refs.slice(0, max);
  const listed = shown.map((ref) => logText(formatRef(ref))).join(", ");
  const more = total - shown.length;
  return more > 0 ? `${listed} +${more} more` : listed;
}

/** A GFM table; cells must already be escaped. A blank line must precede it, which join adds. */
export function renderMarkdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Folds long content so the issue stays readable; GitHub needs the blank lines inside. */
export function wrapInDetails(summary: string, content: string): string {
  return `<details>\n<summary>${summary}</summary>\n\n${content}\n\n</details>`;
}

/** `… 3 more clients (see --format json)`; `listed` says which rows were kept when they are not simply the first. */
export function describeRowsLeftOut(count: number, noun: string, where = "see --format json", listed = ""): string {
  return count > 0 ? `\n\n… ${formatCount(count, `more ${noun}`)} (${where})${listed}` : "";
}
