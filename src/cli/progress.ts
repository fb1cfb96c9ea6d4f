import { stat } from "node:fs/promises";

/** A quick run stays quiet: the bar appears only once reading has taken this long. */
const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 20;
const MB = 1e6;

/** One line: `reading  45% [#########...........]  47.1/104.9 MB  9.3 MB/s  ETA 6s`. */
export function formatProgress(bytes: number, total: number | null, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? bytes / MB / (elapsedMs / 1000) : 0;
  const speed = `${rate.toFixed(1)} MB/s`;
  if (total === null || total <= 0) return `reading  ${(bytes / MB).toFixed(1)} MB  ${speed}`;
  // Reading ends before the timeline and the rules run: say so rather than sit at 100%.
  if (bytes >= total) return `read ${(total / MB).toFixed(1)} MB in ${(elapsedMs / 1000).toFixed(1)}s (${speed}); analyzing…`;
  const fraction = bytes / total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
  const etaSeconds = rate > 0 ? Math.ceil((total - bytes) / MB / rate) : null;
  const eta = etaSeconds === null ? "" : `  ETA ${etaSeconds}s`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `reading ${percent} ${bar}  ${(bytes / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB  ${speed}${eta}`;
}

/** Redraws one stderr line in place; the caller decides it is wanted (a terminal, not JSON). */
export class ProgressBar {
  private readonly start = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly total: number | null,
  ) {}

  update(bytes: number) {
    const now = performance.now();
    const done = this.total !== null && bytes >= this.total;
    if (now - this.start < SHOW_AFTER_MS || (now - this.lastDraw < REDRAW_EVERY_MS && !done)) return;
    this.lastDraw = now;
    this.drawn = true;
    // CR back to the line's start, ESC [K clears what a longer previous line left.
    this.stream.write(`\r${formatProgress(bytes, this.total, now - this.start)}\u001b[K`);
  }

  finish() {
    if (this.drawn) this.stream.write("\r\u001b[K");
  }
}

const MACHINE_FORMATS: ReadonlySet<string> = new Set(["json", "junit", "sarif"]);

/**
 * A bar on stderr when a person watches it: stderr is a terminal and the report is for reading,
 * never beside a machine format (a CI log would keep every redraw). Sized by the files as stored;
 * stdin has no size, so the bar then shows bytes and speed only.
 */
export async function openProgressBar(files: readonly string[], format: string, stderr: NodeJS.WriteStream): Promise<ProgressBar | null> {
  if (!stderr.isTTY || MACHINE_FORMATS.has(format)) return null;
  let total: number | null = 0;
  for (const file of files) {
    if (file === "-") total = null;
    else if (total !== null) total += (await stat(file)).size;
  }
  return new ProgressBar(stderr, total);
}
