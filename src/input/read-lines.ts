import { isAscii, isUtf8 } from "node:buffer";
import { stringOf } from "./byte-strings.js";
import { ChunkPool, readFileChunks } from "./file-chunks.js";
import { inflateGzip } from "./inflate-gzip.js";
import { hashBytes, hashText, hashUtf8 } from "./line-hash.js";

export { GzipDataError } from "./inflate-gzip.js";

export interface RawLine {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The decoded line without its line end; "" when `tooLong`. */
  readonly text: string;
  /** False only for a last line that did not end with "\n" (a log cut mid-write). */
  readonly terminated: boolean;
  /** The line was longer than `maxLineBytes`: its bytes were skipped, never buffered. */
  readonly tooLong: boolean;
  /** The bytes were not valid UTF-8; `text` holds U+FFFD where they were. */
  readonly invalidUtf8: boolean;
  /** hashUtf8 of `text` (see line-hash.ts), taken from the bytes while they are at hand; 0 when `tooLong`. */
  readonly hash: number;
  /**
   * The bytes `text` was decoded from are `bytes[start, end)` (no line end, CR or BOM): the
   * events format reads them without the text (see readEventsBytes). Empty when `tooLong`. They
   * hold only until the next batch is asked for: a file's buffers are read into again (ChunkPool).
   */
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

const NO_BYTES = Buffer.alloc(0);

/** 1 MiB: far above any real event line, far below what would exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

/** The file name that means standard input. */
export const STDIN = "-";

const NEWLINE = 0x0a;
/**
 * About how many bytes of a chunk one batch of lines holds: one await per batch, one message
 * from the reading thread.
 */
const SPAN_BYTES = 256 << 10;
/**
 * About how many bytes of a span are decoded as one string: small enough to be still in the
 * CPU's cache when its lines are parsed, and under V8's 128 KiB regular object limit. A larger
 * string is allocated in the large-object space, mapped and unmapped one by one: 256 KiB strings
 * cost 0.1 s of system time per 100 MiB, more than the young generation's copying of the strings
 * still alive at a scavenge costs (reading thread, user+sys median 2.92 s against 2.63 s for the
 * 100 MiB bench log).
 */
const DECODE_BYTES = 120 << 10;
const CR = 0x0d;
const BOM = "\ufeff";
/** The BOM's length in UTF-8 (EF BB BF). */
const BOM_BYTES = 3;
const REPLACEMENT = "\ufffd";

/**
 * Told, chunk by chunk, how many bytes were read as stored and how many bytes of log they gave:
 * the two differ for gzip, where the file's size measures progress and the log's bytes the speed.
 */
export type OnBytes = (stored: number, log: number) => void;

/**
 * Streams a file as batches of lines, splitting on bytes rather than with readline: readline
 * cannot say whether the last line was terminated, and a Buffer splitter is faster (ECOSYSTEM.md).
 * A batch holds the lines that ended in one span of a chunk: one await per span, not per line.
 * Memory stays bounded by `maxLineBytes` plus one chunk: a longer line is dropped while it is
 * read and reported as `tooLong`, so a 50 MB line (a dumped body, a rotated binary) costs nothing.
 */
export async function* readLines(path: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES, onBytes?: OnBytes): AsyncGenerator<RawLine[]> {
  const pool = new ChunkPool();
  yield* splitLines(readBytes(path, onBytes, pool), maxLineBytes, pool);
}

/**
 * The bytes of a file or of stdin (`-`), gunzipped when they are gzip (see gunzipIfGzip). A
 * file's chunks are read into `pool`'s buffers: one given back to it is read into again, as
 * inflateGzip gives back each chunk it inflated; a gzip log is inflated into them too.
 */
export async function* readBytes(path: string, onBytes?: OnBytes, pool = new ChunkPool()): AsyncGenerator<Buffer> {
  const stream = path === STDIN ? (process.stdin as AsyncIterable<Buffer>) : readFileChunks(path, pool);
  if (!onBytes) return yield* gunzipIfGzip(stream, pool);
  // Counted on both sides of gunzip: as stored, what a progress bar measures against the file's
  // size; as log, what its speed is in (a gzip log is some ten times its file).
  for await (const chunk of gunzipIfGzip(countBytes(stream, (n) => onBytes(n, 0)), pool)) {
    onBytes(0, chunk.length);
    yield chunk;
  }
}

/**
 * The bytes as they are, or gunzipped when they start with the gzip magic bytes 1f 8b: rotated
 * logs keep their content, not their name (`app.log.1` may be gzip, `x.gz` not).
 */
async function* gunzipIfGzip(source: AsyncIterable<Buffer>, pool: ChunkPool): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  // A pipe may deliver a single byte first: gather two before deciding.
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  if (first.length < 2 || first[0] !== 0x1f || first[1] !== 0x8b) {
    if (first.length > 0) yield first;
    yield* { [Symbol.asyncIterator]: () => iterator };
    return;
  }
  yield* inflateGzip(first, iterator, pool);
}

async function* countBytes(chunks: AsyncIterable<Buffer>, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * Splits a byte stream into batches of lines, a batch per span of about 256 KiB of a chunk; see
 * readLines. A chunk is given back to `pool` once its lines were all taken: the start of a line
 * it leaves unfinished is copied.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes = DEFAULT_MAX_LINE_BYTES, pool?: ChunkPool): AsyncGenerator<RawLine[]> {
  // The start of the current line when it spans chunks; kept as slices, joined once at its end.
  let parts: Buffer[] = [];
  let partsLength = 0;
  let skipping = false;
  let lineNumber = 0;
  const batch = new LineBatch();
  for await (const chunk of chunks) {
    let start = 0;
    const first = chunk.indexOf(NEWLINE);
    if (first !== -1 && (skipping || partsLength > 0)) {
      lineNumber++;
      if (skipping || partsLength + first > maxLineBytes) batch.add(tooLongLine(lineNumber, true));
      else {
        parts.push(chunk.subarray(0, first));
        const joined = Buffer.concat(parts, partsLength + first);
        batch.add(decodeLine(joined, 0, joined.length, lineNumber, true));
      }
      skipping = false;
      parts = [];
      partsLength = 0;
      start = first + 1;
    }
    const last = first === -1 ? -1 : chunk.lastIndexOf(NEWLINE);
    while (start <= last) {
      const end = spanEnd(chunk, start, last, SPAN_BYTES);
      for (let from = start; from <= end; ) {
        const to = spanEnd(chunk, from, end, DECODE_BYTES);
        lineNumber = splitWholeLines(chunk, from, to, lineNumber, maxLineBytes, batch);
        from = to + 1;
      }
      start = end + 1;
      if (start <= last) yield batch.take();
    }
    if (start < chunk.length && !skipping) {
      partsLength += chunk.length - start;
      if (partsLength > maxLineBytes) {
        skipping = true;
        parts = [];
        partsLength = 0;
      } else {
        parts.push(Buffer.from(chunk.subarray(start)));
      }
    }
    if (batch.count > 0) yield batch.take();
    pool?.release(chunk);
  }
  if (skipping) yield [tooLongLine(lineNumber + 1, false)];
  else if (partsLength > 0) {
    const joined = Buffer.concat(parts, partsLength);
    yield [decodeLine(joined, 0, joined.length, lineNumber + 1, false)];
  }
}

/**
 * The lines of the batch being split, in an array made as long as the longest batch so far
 * (the last of a chunk is shorter than the spans before it): pushed into from empty, a batch of
 * the events bench log's ~1,340 lines was copied into ten ever longer arrays, 17 of the 211 MB
 * the reading thread allocated for the 100 MiB bench log (sampling heap profiler, collected
 * objects included).
 */
class LineBatch {
  count = 0;
  private lines: RawLine[] = [];
  /** Lines in the longest batch taken so far, at most MAX_PRESIZED. */
  private room = 0;

  add(line: RawLine): void {
    this.lines[this.count++] = line;
  }

  /** The batch's lines; the next batch starts empty. */
  take(): RawLine[] {
    const lines = this.lines;
    // Cut to its lines: the room left was holes.
    lines.length = this.count;
    // Past MAX_PRESIZED, V8 would make `new Array(n)` a dictionary: such a batch grows as pushed.
    this.room = Math.min(Math.max(this.room, this.count), MAX_PRESIZED);
    this.count = 0;
    this.lines = new Array<RawLine>(this.room);
    return lines;
  }
}

/**
 * The longest array made ahead: V8 makes `new Array(n)` fast (not a dictionary) up to some
 * 16,000 elements (JSArray::kInitialMaxFastElementArray); lines of 200 bytes fill a 256 KiB span with 1,340.
 */
const MAX_PRESIZED = 8192;

/** The newline ending about `bytes` after `start`: the last one within them, else the first one after. */
function spanEnd(chunk: Buffer, start: number, last: number, bytes: number): number {
  if (last - start <= bytes) return last;
  const end = chunk.lastIndexOf(NEWLINE, start + bytes);
  return end >= start ? end : chunk.indexOf(NEWLINE, start + bytes);
}

/**
 * The lines of chunk[start, last], which ends with a newline, added to `batch`; returns the last
 * line number. One decode of the whole piece replaces one per line (a string per line was a
 * native call and a copy each). A newline byte is never part of a UTF-8 sequence, so the text's
 * "\n" are the bytes' newlines, and a U+FFFD decoded at a line's end is the one that line alone
 * would give.
 */
function splitWholeLines(chunk: Buffer, start: number, last: number, lineNumber: number, maxLineBytes: number, batch: LineBatch): number {
  // A piece of ASCII bytes (the usual log) is its text a byte a character: copied as Latin-1, it
  // skips UTF-8 decoding's scan of every byte. Under callgrind, reading 5 MB of the events bench
  // log: V8's Utf8Decoder 6.1 M → 1.6 M instructions (what is left decodes other strings), the
  // ASCII check 0.9 M; decoding alone, 0.13 → 0.10 ms per MiB.
  const text = isAscii(chunk.subarray(start, last)) ? stringOf(chunk, start, last) : chunk.toString("utf8", start, last);
  // As many characters as bytes: every byte was one character (ASCII, the usual log), so text
  // offsets are byte offsets and no line needs its bytes looked at again.
  const sameOffsets = text.length === last - start;
  const mayBeInvalid = text.includes(REPLACEMENT);
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
  let from = 0;
  let byteFrom = start;
  for (;;) {
    let to = text.indexOf("\n", from);
    if (to === -1) to = text.length;
    const byteTo = sameOffsets ? start + to : chunk.indexOf(NEWLINE, byteFrom);
    lineNumber++;
    if (byteTo - byteFrom > maxLineBytes) batch.add(tooLongLine(lineNumber, true));
    else {
      // CRLF logs (written on Windows or by some proxies) carry the CR into the JSON text.
      const crlf = to > from && text.charCodeAt(to - 1) === CR;
      let line = text.slice(from, crlf ? to - 1 : to);
      const byteEnd = crlf ? byteTo - 1 : byteTo;
      const invalidUtf8 = mayBeInvalid && line.includes(REPLACEMENT) && !isUtf8(chunk.subarray(byteFrom, byteEnd));
      let byteStart = byteFrom;
      if (lineNumber === 1 && line.startsWith(BOM)) {
        line = line.slice(1);
        byteStart += BOM_BYTES;
      }
      const hash = invalidUtf8 ? hashText(line) : hashUtf8(view, byteStart, byteEnd);
      batch.add({ line: lineNumber, text: line, terminated: true, tooLong: false, invalidUtf8, hash, bytes: chunk, start: byteStart, end: byteEnd });
    }
    if (to === text.length) return lineNumber;
    from = to + 1;
    byteFrom = byteTo + 1;
  }
}

export function tooLongLine(line: number, terminated: boolean): RawLine {
  return { line, text: "", terminated, tooLong: true, invalidUtf8: false, hash: 0, bytes: NO_BYTES, start: 0, end: 0 };
}

function decodeLine(data: Buffer, start: number, end: number, line: number, terminated: boolean): RawLine {
  // See splitWholeLines for the CR and U+FFFD.
  const stop = end > start && data[end - 1] === CR ? end - 1 : end;
  let text = data.toString("utf8", start, stop);
  // Checking every line's bytes would cost the hot path; a replacement character is rare, and
  // only then is it worth telling a logged U+FFFD from bytes that were not UTF-8.
  const invalidUtf8 = text.includes(REPLACEMENT) && !isUtf8(data.subarray(start, stop));
  // A UTF-8 BOM at the start of a file breaks JSON.parse (ECOSYSTEM.md).
  let from = start;
  if (line === 1 && text.startsWith(BOM)) {
    text = text.slice(1);
    from += BOM_BYTES;
  }
  return { line, text, terminated, tooLong: false, invalidUtf8, hash: invalidUtf8 ? hashText(text) : hashBytes(data, from, stop), bytes: data, start: from, end: stop };
}
