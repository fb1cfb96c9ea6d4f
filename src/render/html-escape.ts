import { displayText } from "./escape.js";
import { truncateText } from "./format.js";

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Safe as element text and inside a double- or single-quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const MAX_VALUE_CHARS = 200;

/**
 * A value from the log for an HTML page: cut to a sane length, control and bidi characters shown
 * as visible escapes (escape.ts), then HTML-escaped. Nothing from the log reaches the page otherwise.
 */
export function htmlText(s: string): string {
  return escapeHtml(displayText(truncateText(s, MAX_VALUE_CHARS)));
}
