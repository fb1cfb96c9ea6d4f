import type { Report } from "../report.js";

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls (U+009B is a one-byte CSI on
 * some terminals) and bidi overrides raw; `… | cat` would then hand them to a terminal.
 */
const UNSAFE_FOR_TERMINALS = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The first regex to read JSON.stringify's text flattens it: the newline is added before that, so
// the writer takes the flat text as it is (added after, it made the writer copy the text again).
// With the write, 19 MB of JSON allocated 54-68 MB so, 38 MB now (heapUsed, no GC between).
const HAS_UNSAFE = new RegExp(UNSAFE_FOR_TERMINALS.source);

/** The report itself is the JSON contract; see ReportSchema. */
export function renderJson(report: Report): string {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE_FOR_TERMINALS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}
