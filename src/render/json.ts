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
 * or a run of elements of a member that is an array (findings, clients, sessions, timeline lines),
 * each made safe for a terminal. The writer writes each piece as it comes, so the whole text is
 * never one string on the heap: at 1 GiB it is 19.9 MB, and making it took 38 MB of heap at the
 * analysis' peak; in a 24 MB heap a 4.9 MB report made V8 abort while JSON.stringify built it.
 * A piece is JSON.stringify's own text of its values at their depth in the report: the values are
 * stringified inside wrappers that put them there (an object of their own for a member, an array
 * in an array for a member's elements), whose lines are cut off. Stringified alone, each element's
 * text was indented by a copy with its newlines replaced, then copied into its piece: the JSON of
 * the 100 MiB bench log (8.3 MB) allocated 55 MB of heap, garbage that filled the old generation
 * at the run's peak.
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
    const end = m === members.length - 1 ? "\n" : ",\n";
    if (!Array.isArray(value) || value.length === 0 || "toJSON" in value) {
      // `{\n` + the member one level in + `\n}`.
      yield `${safe(JSON.stringify({ [key]: value }, null, INDENT).slice(2, -2))}${end}`;
      continue;
    }
    yield `${" ".repeat(INDENT)}${safe(JSON.stringify(key))}: [\n`;
    let count = FIRST_RUN_ELEMENTS;
    for (let i = 0; i < value.length; ) {
      const run = value.slice(i, i + count);
      // `[\n  [\n` + the elements two levels in + `\n  ]\n]`; an element without a JSON form is `null`, as in any array.
      const text = JSON.stringify([run], null, INDENT);
      i += run.length;
      yield `${safe(text.slice(WRAPPER_CHARS, -WRAPPER_CHARS))}${i === value.length ? "\n" : ",\n"}`;
      // As many elements as would make about PIECE_CHARS at this run's length per element.
      count = Math.max(1, Math.floor((PIECE_CHARS * run.length) / text.length));
    }
    yield `${" ".repeat(INDENT)}]${end}`;
  }
  yield "}\n";
}

/** The length of `[\n  [\n` and of `\n  ]\n]`, the wrappers of a run of elements. */
const WRAPPER_CHARS = 2 + INDENT + 2;
const FIRST_RUN_ELEMENTS = 16;
/**
 * About how long a piece of elements is: long enough that JSON.stringify is called once for many
 * elements, short enough that a piece is small beside the heap (the writer joins pieces into runs
 * of a megabyte, see the CLI's WRITE_RUN_CHARS).
 */
const PIECE_CHARS = 1 << 16;

/** Whether JSON.stringify writes the value at all (it leaves out an object's undefined, function and symbol members). */
function stringifies(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

function safe(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE_FOR_TERMINALS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}
