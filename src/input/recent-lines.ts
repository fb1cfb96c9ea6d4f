/** How many recent lines a repeated line is compared with, and how many characters they may hold. */
const WINDOW_LINES = 1024;
const WINDOW_CHARS = 4 << 20;
/** A power of two, four times the window: a line's bucket rarely holds another line of the window. */
const BUCKETS = 4096;

/**
 * Finds a line repeated verbatim among the recent ones (a log shipper retrying a batch, a file
 * concatenated with an overlapping copy). Memory is bounded by the window, never by the file:
 * a repeat further back than the window is not found.
 *
 * The window is the last WINDOW_LINES remembered lines, fewer when they hold more than
 * WINDOW_CHARS characters. Lines are found by the hash the reader took from their bytes, not
 * by a Map of the strings (hashing every string cost 250 ms of the 100 MiB bench log): each
 * bucket chains its lines newest first through ring buffers indexed by sequence number, so a
 * chain is cut where it leaves the window and nothing is ever deleted. Texts are compared only
 * when hashes agree.
 */
export class RecentLines {
  /** By bucket: the sequence number of its newest line, or -1. */
  private readonly newestIn = new Float64Array(BUCKETS).fill(-1);
  /** Remembered lines so far; a line's sequence number is the count before it. */
  private count = 0;
  /** Characters of all remembered lines so far. */
  private chars = 0;
  // By sequence number modulo the window: the line's text, hash, number, `chars` before it, and
  // the sequence number of the line before it in its bucket.
  private readonly textAt: string[] = new Array<string>(WINDOW_LINES).fill("");
  private readonly hashAt = new Int32Array(WINDOW_LINES);
  private readonly lineAt = new Float64Array(WINDOW_LINES);
  private readonly charsBefore = new Float64Array(WINDOW_LINES);
  private readonly earlierIn = new Float64Array(WINDOW_LINES);

  /** The line number of an identical recent line, or null after remembering this one; `hash` is the line's RawLine hash. */
  findRepeat(text: string, hash: number, line: number): number | null {
    const bucket = hash & (BUCKETS - 1);
    // Older lines of a chain are further out of the window: the first one outside ends it.
    for (let seq = this.newestIn[bucket]!; seq >= 0 && this.isInWindow(seq); seq = this.earlierIn[seq % WINDOW_LINES]!) {
      const slot = seq % WINDOW_LINES;
      if (this.hashAt[slot] === hash && this.textAt[slot] === text) return this.lineAt[slot]!;
    }
    const slot = this.count % WINDOW_LINES;
    this.textAt[slot] = text;
    this.hashAt[slot] = hash;
    this.lineAt[slot] = line;
    this.charsBefore[slot] = this.chars;
    this.earlierIn[slot] = this.newestIn[bucket]!;
    this.newestIn[bucket] = this.count;
    this.count++;
    this.chars += text.length;
    return null;
  }

  /**
   * Whether the line of sequence number `seq` is among the last WINDOW_LINES and within
   * WINDOW_CHARS of the end. The count is checked first: only then is the line's slot still its own.
   */
  private isInWindow(seq: number): boolean {
    return this.count - seq <= WINDOW_LINES && this.chars - this.charsBefore[seq % WINDOW_LINES]! <= WINDOW_CHARS;
  }
}
