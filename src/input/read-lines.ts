import { createReadStream } from "node:fs";

export interface RawLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  /** False only for a last line that did not end with "\n" (a log cut mid-write). */
  readonly terminated: boolean;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = "\ufeff";

/**
 * Streams a file as lines, splitting on bytes rather than with readline: readline cannot say
 * whether the last line was terminated, and a Buffer splitter is faster (ECOSYSTEM.md).
 */
export async function* readLines(path: string): AsyncGenerator<RawLine> {
  let pending: Buffer | null = null;
  let lineNumber = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const data: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    let end = data.indexOf(NEWLINE, start);
    while (end !== -1) {
      lineNumber++;
      yield { line: lineNumber, text: decodeLine(data, start, end, lineNumber), terminated: true };
      start = end + 1;
      end = data.indexOf(NEWLINE, start);
    }
    pending = start < data.length ? data.subarray(start) : null;
  }
  if (pending) {
    lineNumber++;
    yield { line: lineNumber, text: decodeLine(pending, 0, pending.length, lineNumber), terminated: false };
  }
}

function decodeLine(data: Buffer, start: number, end: number, lineNumber: number): string {
  // CRLF logs (written on Windows or by some proxies) carry the CR into the JSON text.
  const stop = end > start && data[end - 1] === CR ? end - 1 : end;
  const text = data.toString("utf8", start, stop);
  // A UTF-8 BOM at the start of a file breaks JSON.parse (ECOSYSTEM.md).
  return lineNumber === 1 && text.startsWith(BOM) ? text.slice(1) : text;
}
