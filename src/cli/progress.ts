import { stat } from "node:fs/promises";

/** A quick run stays quiet: the bar appears only once reading has taken this long. */
const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 20;
const MB = 1e6;

/**
 * One line: `reading  45% [#########...........]  47.1/104.9 MB  9.3 MB/s  ETA 6s`. `total` and
 * `stored` are the files as stored; `log` is the bytes of log they gave, which differ for gzip:
 * the percent and ETA go by the files, the speed by the log (the unit of the bench and of jq), and
 * the line says both sizes then.
 */
export function formatProgress(stored: number, total: number | null, elapsedMs: number, log = stored): string {
  const seconds = elapsedMs / 1000;
  const speed = `${(seconds > 0 ? log / MB / seconds : 0).toFixed(1)} MB/s`;
  const ofLog = log === stored ? "" : ` gzip, ${(log / MB).toFixed(1)} MB of log`;
  if (total === null || total <= 0) return `reading  ${(stored / MB).toFixed(1)} MB${ofLog}  ${speed}`;
  // Reading ends before the timeline and the rules run: say so rather than sit at 100%.
  if (stored >= total) return `read ${(total / MB).toFixed(1)} MB${ofLog} in ${seconds.toFixed(1)}s (${speed}); analyzing…`;
  const fraction = stored / total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
  const storedRate = seconds > 0 ? stored / seconds : 0;
  const eta = storedRate > 0 ? `  ETA ${Math.ceil((total - stored) / storedRate)}s` : "";
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `reading ${percent} ${bar}  ${(stored / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB${ofLog}  ${speed}${eta}`;
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

  update(stored: number, log = stored) {
    const now = performance.now();
    const done = this.total !== null && stored >= this.total;
    if (now - this.start < SHOW_AFTER_MS || (now - this.lastDraw < REDRAW_EVERY_MS && !done)) return;
    this.lastDraw = now;
    this.drawn = true;
    // CR back to the line's start, ESC [K clears what a longer previous line left.
    this.stream.write(`\r${formatProgress(stored, this.total, now - this.start, log)}\u001b[K`);
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
