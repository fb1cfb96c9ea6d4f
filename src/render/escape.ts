/**
 * Log values are attacker-controlled (a client picks its own user agent and session id), so
 * nothing from the log reaches a terminal or a markdown page without passing through here.
 */

const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

// C0, DEL and C1 controls: ESC starts terminal sequences and \x9b is a one-byte CSI.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi embeddings/overrides/isolates and marks reorder what a reader sees (Trojan Source);
// U+2028/2029 are line breaks to some editors and terminals.
const INVISIBLE_FORMATTING = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeControlChar(char: string): string {
  return NAMED_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

function escapeFormattingChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** The string with every control and bidi character shown as a visible escape such as `\x1b`. */
export function displayText(s: string): string {
  return s.replace(CONTROL_CHARS, escapeControlChar).replace(INVISIBLE_FORMATTING, escapeFormattingChar);
}

// The backslash is escaped too: `\|` from the log would otherwise become `\\|`, which GFM
// reads as an escaped backslash followed by a live cell separator.
const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "|": "\\|",
  "`": "&#96;",
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "*": "\\*",
  "_": "\\_",
  "[": "\\[",
  "]": "\\]",
  "~": "\\~",
};
const MARKDOWN_SPECIAL = /[\\|`<>&*_[\]~]/g;

/**
 * displayText, then every character that could end a table cell, open a code span, or start
 * HTML, emphasis, strikethrough or a link neutralised. Safe as table cell or inline text.
 */
export function markdownCell(s: string): string {
  return displayText(s).replace(MARKDOWN_SPECIAL, (char) => MARKDOWN_ESCAPES[char] ?? char);
}

const SHORT_ID_LENGTH = 8;

/** The first 8 characters of a session id, as bug reports quote them, unless `full`. */
export function shortId(id: string, full: boolean): string {
  if (full) return id;
  return Array.from(id).slice(0, SHORT_ID_LENGTH).join("");
}
