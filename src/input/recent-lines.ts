/** How many recent lines a repeated line is compared with, and how many characters they may hold. */
const WINDOW_LINES = 1024;
const WINDOW_CHARS = 4 << 20;

/**
 * Finds a line repeated verbatim among the recent ones (a log shipper retrying a batch, a file
 * concatenated with an overlapping copy). Memory is bounded by the window, never by the file:
 * a repeat further back than the window is not found. The Map hashes and compares the strings
 * the reader already made, so a line costs one lookup and no new allocation.
 */
export class RecentLines {
  private readonly lineOf = new Map<string, number>();
  private readonly order: string[] = [];
  private oldest = 0;
  private chars = 0;

  /** The line number of an identical recent line, or null after remembering this one. */
  findRepeat(text: string, line: number): number | null {
    const earlier = this.lineOf.get(text);
    if (earlier !== undefined) return earlier;
    this.lineOf.set(text, line);
    this.order.push(text);
    this.chars += text.length;
    while (this.order.length - this.oldest > WINDOW_LINES || this.chars > WINDOW_CHARS) this.forgetOldest();
    return null;
  }

  private forgetOldest() {
    const text = this.order[this.oldest]!;
    this.lineOf.delete(text);
    this.chars -= text.length;
    this.oldest++;
    // Compact now and then instead of shifting the array on every line.
    if (this.oldest >= WINDOW_LINES) {
      this.order.splice(0, this.oldest);
      this.oldest = 0;
    }
  }
}
