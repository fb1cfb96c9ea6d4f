/** How many recent lines a repeated line is compared with, and how many characters they may hold. */
const WINDOW_LINES = 1024;
const WINDOW_CHARS = 4 << 20;

/**
 * Finds a line repeated verbatim among the recent ones (a log shipper retrying a batch, a file
 * concatenated with an overlapping copy). Memory is bounded by the window, never by the file:
 * a repeat further back than the window is not found. The Map hashes and compares the strings
 * the reader already made, so a line costs one lookup and no new allocation.
 *
 * The window is the last WINDOW_LINES remembered lines, fewer when they hold more than
 * WINDOW_CHARS characters. Lines are kept in two generations of Maps rather than forgotten one
 * by one (a delete per line was a third of the cost): a generation is dropped whole once the next
 * one alone fills the window, so that everything dropped was already outside it; what is kept
 * and is outside the window is told apart by its sequence number.
 */
export class RecentLines {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private currentChars = 0;
  /** Remembered lines so far; a line's sequence number is the count before it. */
  private count = 0;
  /** Characters of all remembered lines so far. */
  private chars = 0;
  /** By sequence number modulo the window: the line number, and `chars` before the line. */
  private readonly lineAt = new Float64Array(WINDOW_LINES);
  private readonly charsBefore = new Float64Array(WINDOW_LINES);

  /** The line number of an identical recent line, or null after remembering this one. */
  findRepeat(text: string, line: number): number | null {
    const seq = this.current.get(text) ?? this.previous.get(text);
    if (seq !== undefined && this.isInWindow(seq)) return this.lineAt[seq % WINDOW_LINES]!;
    if (this.current.size >= WINDOW_LINES || this.currentChars > WINDOW_CHARS) {
      this.previous = this.current;
      this.current = new Map();
      this.currentChars = 0;
    }
    this.current.set(text, this.count);
    this.lineAt[this.count % WINDOW_LINES] = line;
    this.charsBefore[this.count % WINDOW_LINES] = this.chars;
    this.count++;
    this.chars += text.length;
    this.currentChars += text.length;
    return null;
  }

  /** Whether the line of sequence number `seq` is among the last WINDOW_LINES and within WINDOW_CHARS of the end. */
  private isInWindow(seq: number): boolean {
    return this.count - seq <= WINDOW_LINES && this.chars - this.charsBefore[seq % WINDOW_LINES]! <= WINDOW_CHARS;
  }
}
