import type { RawLine } from "./read-lines.js";

/** How many recent lines a repeated line is compared with, and how many characters they may hold. */
const WINDOW_LINES = 1024;
const WINDOW_CHARS = 4 << 20;
/** A power of two, four times the window: a line's bucket rarely holds another line of the window. */
const BUCKETS = 4096;
const NO_BYTES: Buffer = Buffer.alloc(0);

/**
 * Finds a line repeated verbatim among the recent ones (a log shipper retrying a batch, a file
 * concatenated with an overlapping copy). Memory is bounded by the window, never by the file:
 * a repeat further back than the window is not found.
 *
 * The window is the last WINDOW_LINES remembered lines, fewer when they hold more than
 * WINDOW_CHARS characters. Lines are found by the hash the reader took from their bytes, not
 * by a Map of the strings (hashing every string cost 250 ms of the 100 MiB bench log): each
 * bucket chains its lines newest first through ring buffers indexed by sequence number, so a
 * chain is cut where it leaves the window and nothing is ever deleted. Lines are compared only
 * when hashes agree.
 *
 * A line is remembered as UTF-8 bytes, not as text: its text is equal to another's exactly when
 * their UTF-8 encodings are (a decoded text holds no lone surrogate), and an ASCII line's text
 * is then never made (see AsciiLine). A valid line's encoding is its bytes, referred to where
 * they are; a line that was not UTF-8 is encoded again from its text.
 */
export class RecentLines {
  /** By bucket: the sequence number of its newest line, or -1. */
  private readonly newestIn = new Float64Array(BUCKETS).fill(-1);
  /** Remembered lines so far; a line's sequence number is the count before it. */
  private count = 0;
  /** Characters of all remembered lines so far. */
  private chars = 0;
  // By sequence number modulo the window: the line's bytes (a buffer, where they start, how many),
  // hash, number, `chars` before it, and the sequence number of the line before it in its bucket.
  private readonly bytesAt: Buffer[] = new Array<Buffer>(WINDOW_LINES).fill(NO_BYTES);
  private readonly startAt = new Float64Array(WINDOW_LINES);
  private readonly lengthAt = new Float64Array(WINDOW_LINES);
  private readonly hashAt = new Int32Array(WINDOW_LINES);
  private readonly lineAt = new Float64Array(WINDOW_LINES);
  private readonly charsBefore = new Float64Array(WINDOW_LINES);
  private readonly earlierIn = new Float64Array(WINDOW_LINES);
  /** The buffer the lines remembered since `currentFrom` refer to: a chunk being split, as a rule. */
  private current = NO_BYTES;
  private currentFrom = 0;

  /** The line number of a recent line with the same text as `raw`, or null after remembering this one. */
  findRepeatOf(raw: RawLine): number | null {
    if (raw.invalidUtf8) {
      const text = raw.text;
      const bytes = Buffer.from(text, "utf8");
      return this.findRepeat(bytes, 0, bytes.length, text.length, raw.hash, raw.line);
    }
    return this.findRepeat(raw.bytes, raw.start, raw.end, raw.ascii === true ? raw.end - raw.start : raw.text.length, raw.hash, raw.line);
  }

  /**
   * The line number of a recent line whose UTF-8 bytes are `bytes[start, end)`, or null after
   * remembering this one; `chars` is its text's length, `hash` hashUtf8 of the bytes. The bytes
   * must stay as they are until a line of another buffer is given.
   */
  findRepeat(bytes: Buffer, start: number, end: number, chars: number, hash: number, line: number): number | null {
    const bucket = hash & (BUCKETS - 1);
    const length = end - start;
    // Older lines of a chain are further out of the window: the first one outside ends it.
    for (let seq = this.newestIn[bucket]!; seq >= 0 && this.isInWindow(seq); seq = this.earlierIn[seq % WINDOW_LINES]!) {
      const slot = seq % WINDOW_LINES;
      if (this.hashAt[slot] === hash && this.lengthAt[slot] === length) {
        const from = this.startAt[slot]!;
        if (bytes.compare(this.bytesAt[slot]!, from, from + length, start, end) === 0) return this.lineAt[slot]!;
      }
    }
    if (bytes !== this.current) {
      this.release();
      this.current = bytes;
      this.currentFrom = this.count;
    }
    const slot = this.count % WINDOW_LINES;
    this.bytesAt[slot] = bytes;
    this.startAt[slot] = start;
    this.lengthAt[slot] = length;
    this.hashAt[slot] = hash;
    this.lineAt[slot] = line;
    this.charsBefore[slot] = this.chars;
    this.earlierIn[slot] = this.newestIn[bucket]!;
    this.newestIn[bucket] = this.count;
    this.count++;
    this.chars += chars;
    return null;
  }

  /**
   * Lets go of the current buffer, which no further line will refer to: the lines of it still in
   * the window keep their bytes, copied out when they are less than half of it. Referred to in
   * place, a 200-byte line would hold its 1 MiB chunk for as long as it is remembered, and lines
   * far apart (between lines too long to keep) could hold a chunk each. One copy of the window's
   * stretch of the chunk (some 200 KB of each MiB of the bench logs) costs one native call; lines
   * far apart in it are copied one by one.
   */
  private release(): void {
    const buffer = this.current;
    let low = Infinity;
    let high = 0;
    let kept = 0;
    for (let seq = Math.max(this.currentFrom, this.count - WINDOW_LINES); seq < this.count; seq++) {
      const slot = seq % WINDOW_LINES;
      if (!this.isInWindow(seq)) this.bytesAt[slot] = NO_BYTES;
      else if (this.bytesAt[slot] === buffer) {
        low = Math.min(low, this.startAt[slot]!);
        high = Math.max(high, this.startAt[slot]! + this.lengthAt[slot]!);
        kept += this.lengthAt[slot]!;
      }
    }
    if (2 * kept >= buffer.length) return;
    const stretch = high - low <= 2 * kept ? copyOf(buffer, low, high) : null;
    for (let seq = Math.max(this.currentFrom, this.count - WINDOW_LINES); seq < this.count; seq++) {
      const slot = seq % WINDOW_LINES;
      if (this.bytesAt[slot] !== buffer) continue;
      const start = this.startAt[slot]!;
      if (stretch !== null) {
        this.bytesAt[slot] = stretch;
        this.startAt[slot] = start - low;
      } else {
        this.bytesAt[slot] = copyOf(buffer, start, start + this.lengthAt[slot]!);
        this.startAt[slot] = 0;
      }
    }
  }

  /**
   * Whether the line of sequence number `seq` is among the last WINDOW_LINES and within
   * WINDOW_CHARS of the end. The count is checked first: only then is the line's slot still its own.
   */
  private isInWindow(seq: number): boolean {
    return this.count - seq <= WINDOW_LINES && this.chars - this.charsBefore[seq % WINDOW_LINES]! <= WINDOW_CHARS;
  }
}

function copyOf(buffer: Buffer, start: number, end: number): Buffer {
  const copy = Buffer.allocUnsafeSlow(end - start);
  buffer.copy(copy, 0, start, end);
  return copy;
}
