import { isUtf8 } from "node:buffer";
import { hashBytes, hashText } from "./line-hash.js";
import { tooLongLine, type RawLine } from "./read-lines.js";

/**
 * Streams the objects of one array inside a single JSON document (a HAR's `log.entries`) without
 * holding the document: a scanner tracks strings, escapes and nesting, and only the bytes of one
 * element at a time are kept and handed on as text for `JSON.parse`. Each element is a `RawLine`
 * numbered by the line its `{` is on, so evidence still points at `file:line`.
 *
 * The scanner trusts the document's shape rather than validating it: bytes outside strings that
 * are not brackets, braces, commas or quotes are passed over; an element that is not an object is
 * passed over; a document cut short yields its last, incomplete element unterminated.
 */
export interface ArrayElementsOptions {
  /** Object keys from the root to the array: `["log", "entries"]`. */
  readonly path: readonly string[];
  /** Longer elements are reported `tooLong` and not kept. */
  readonly maxElementBytes: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** Keys on the way to the array are short; longer ones cannot match and are not kept whole. */
const MAX_KEY_BYTES = 64;

interface Frame {
  readonly isObject: boolean;
  /** The last key read in this object: the key of the value being scanned. */
  key: string | null;
}

export async function* extractArrayElements(chunks: AsyncIterable<Buffer>, options: ArrayElementsOptions): AsyncGenerator<RawLine> {
  const { path, maxElementBytes } = options;
  const stack: Frame[] = [];
  let line = 1;
  let inString = false;
  let escaped = false;
  let expectingKey = false;
  /** The key being read (only at the depths of `path`), across chunk boundaries. */
  let key: string | null = null;
  let inArray = false;
  /** While an element is being kept: its depth, first line, bytes so far. */
  let elementDepth = -1;
  let elementLine = 0;
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;

  const isAtArray = () =>
    stack.length === path.length + 1 && !stack[path.length]!.isObject && path.every((name, i) => stack[i]!.isObject && stack[i]!.key === name);

  for await (const chunk of chunks) {
    let keyStart = 0;
    let elementStart = 0;
    let i = 0;
    while (i < chunk.length) {
      if (inString) {
        const quote = chunk.indexOf(QUOTE, i);
        const stop = quote === -1 ? chunk.length : quote;
        // Backslashes right before the stop decide whether it is escaped; each one toggles.
        let run = 0;
        while (stop - run - 1 >= i && chunk[stop - run - 1] === BACKSLASH) run++;
        const escapedAtStop: boolean = stop - run === i ? escaped !== (run % 2 === 1) : run % 2 === 1;
        if (quote === -1) {
          escaped = escapedAtStop;
          if (key !== null) key += chunk.toString("latin1", keyStart, Math.min(chunk.length, keyStart + MAX_KEY_BYTES));
          i = chunk.length;
          break;
        }
        escaped = false;
        i = quote + 1;
        if (escapedAtStop) continue;
        inString = false;
        if (key !== null) {
          const frame = stack[stack.length - 1]!;
          frame.key = key + chunk.toString("latin1", keyStart, quote);
          key = null;
        }
        continue;
      }
      const byte = chunk[i]!;
      if (byte === NEWLINE) line++;
      else if (byte === QUOTE) {
        inString = true;
        // A key on the way to the array is read; every other string is only skipped.
        if (expectingKey && stack.length <= path.length && elementDepth === -1) {
          key = "";
          keyStart = i + 1;
        }
        expectingKey = false;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        const isObject = byte === OPEN_OBJECT;
        if (isObject && inArray && elementDepth === -1) {
          elementDepth = stack.length;
          elementLine = line;
          elementStart = i;
          parts = [];
          size = 0;
          tooLong = false;
        }
        stack.push({ isObject, key: null });
        expectingKey = isObject;
        inArray = elementDepth === -1 && !isObject && isAtArray();
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        stack.pop();
        expectingKey = false;
        if (elementDepth === stack.length) {
          elementDepth = -1;
          if (!tooLong && size + (i + 1 - elementStart) <= maxElementBytes) {
            parts.push(chunk.subarray(elementStart, i + 1));
            yield decodeElement(Buffer.concat(parts), elementLine, true);
          } else yield tooLongLine(elementLine, true);
          parts = [];
        }
        inArray = elementDepth === -1 && isAtArray();
      } else if (byte === COMMA) {
        expectingKey = stack.length > 0 && stack[stack.length - 1]!.isObject;
      }
      i++;
    }
    if (elementDepth !== -1 && !tooLong) {
      size += chunk.length - elementStart;
      if (size > maxElementBytes) {
        tooLong = true;
        parts = [];
      } else parts.push(chunk.subarray(elementStart));
    }
  }
  // A document cut short inside an element: what there is, unterminated (it will not parse).
  if (elementDepth !== -1) {
    yield tooLong ? tooLongLine(elementLine, false) : decodeElement(Buffer.concat(parts), elementLine, false);
  }
}

function decodeElement(bytes: Buffer, line: number, terminated: boolean): RawLine {
  const text = bytes.toString("utf8");
  const invalidUtf8 = text.includes("\ufffd") && !isUtf8(bytes);
  return { line, text, terminated, tooLong: false, invalidUtf8, hash: invalidUtf8 ? hashText(text) : hashBytes(bytes, 0, bytes.length), bytes, start: 0, end: bytes.length };
}
