import { displayText } from "./escape.js";

// XML 1.0 allows only TAB, LF, CR and these ranges; a lone surrogate or U+FFFE makes the document
// unparseable, and no escape can represent them, so they are dropped.
const ILLEGAL_IN_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

const XML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Text from the log (a user agent is the client's choice) as safe XML attribute or element content:
 * control and bidi characters shown as visible escapes first, then the markup characters escaped.
 */
export function xmlText(s: string): string {
  return displayText(s).replace(ILLEGAL_IN_XML, "").replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** Multi-line text we compose ourselves: newlines kept, everything else as xmlText. */
export function xmlLines(lines: readonly string[]): string {
  return lines.map(xmlText).join("\n");
}
