import type { Report } from "../report.js";

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls (U+009B is a one-byte CSI on
 * some terminals) and bidi overrides raw; `… | cat` would then hand them to a terminal.
 */
const UNSAFE_FOR_TERMINALS = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE = new RegExp(UNSAFE_FOR_TERMINALS.source);
const INDENT = 2;

/** The report itself is the JSON contract; see ReportSchema. The text of jsonPieces, whole. */
export function renderJson(report: Report): string {
  return [...jsonPieces(report)].join("");
}

/**
 * The text of `JSON.stringify(report, null, 2)` and a newline, in pieces: a member of the report,
 * or one element of a member that is an array (a finding, a client, a session, a timeline line),
 * each made safe for a terminal. The writer writes each piece as it comes, so the whole text is
 * never one string on the heap: at 1 GiB it is 19.9 MB, and making it took 38 MB of heap at the
 * analysis' peak; in a 24 MB heap a 4.9 MB report made V8 abort while JSON.stringify built it.
 * A piece's text is JSON.stringify's own, indented to its depth: JSON.stringify puts no newline
 * inside a string (it escapes them), so every newline in a piece is one of its layout.
 */
export function* jsonPieces(report: Report): Generator<string> {
  const members = Object.entries(report).filter(([, value]) => stringifies(value));
  if (members.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{\n";
  for (let m = 0; m < members.length; m++) {
    const [key, value] = members[m]!;
    const head = `${" ".repeat(INDENT)}${safe(JSON.stringify(key))}: `;
    const end = m === members.length - 1 ? "\n" : ",\n";
    if (!Array.isArray(value) || value.length === 0 || "toJSON" in value) {
      yield `${head}${indented(value, INDENT)}${end}`;
      continue;
    }
    yield `${head}[\n`;
    const inner = " ".repeat(2 * INDENT);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      // As JSON.stringify writes an array's element that has no JSON form.
      const text = stringifies(element) ? indented(element, 2 * INDENT) : "null";
      yield `${inner}${text}${i === value.length - 1 ? "\n" : ",\n"}`;
    }
    yield `${" ".repeat(INDENT)}]${end}`;
  }
  yield "}\n";
}

/** Whether JSON.stringify writes the value at all (it leaves out an object's undefined, function and symbol members). */
function stringifies(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

/** The value's JSON, indented as if written `depth` spaces in, made safe for a terminal. */
function indented(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, INDENT);
  return safe(text.includes("\n") ? text.replaceAll("\n", `\n${" ".repeat(depth)}`) : text);
}

function safe(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE_FOR_TERMINALS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}
