import { displayText } from "./escape.js";
import { truncateText } from "./format.js";

const MAX_LABEL_CHARS = 60;

/**
 * Log text made safe for one Mermaid label. Mermaid has no escaping of its own: a `:` splits a
 * gantt task, `;` and `#` end or start its entity syntax, `%%` opens a comment, a newline ends
 * the statement, and backticks or `<` reach GitHub's markdown and HTML sanitizer. Anything outside
 * a small set of plain characters becomes `?`; a colon is written as Mermaid's entity `#58;`.
 */
export function mermaidLabel(s: string): string {
  const plain = displayText(truncateText(s, MAX_LABEL_CHARS)).replace(/[^\p{L}\p{N} .,_+=@()/\\-]/gu, (char) => (char === ":" ? "\u0000" : "?"));
  return plain.replace(/\u0000/g, "#58;").trim() || "?";
}

/** Fences a diagram so GitHub renders it; the diagram text never contains a backtick. */
export function fenceMermaid(diagram: readonly string[]): string {
  return ["```mermaid", ...diagram, "```"].join("\n");
}
