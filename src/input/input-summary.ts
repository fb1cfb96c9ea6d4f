import type { LineRef } from "../events.js";

/** Skipped lines (and warnings) listed one by one in the report; the rest are only counted. */
export const MAX_LISTED_SKIPS = 200;

export interface SkippedLine extends LineRef {
  readonly reason: string;
}

/** What the readers saw: every line is either an event, an ignored event kind, or a skip. */
export class InputSummary {
  readonly files: { path: string; lines: number; events: number; ignored: number; skipped: number }[] = [];
  readonly ignoredEvents = new Map<string, number>();
  readonly skipped: SkippedLine[] = [];
  skippedCount = 0;
  /** Lines used as events but worth a second look: the clock went backwards, bytes were not UTF-8. */
  readonly warnings: SkippedLine[] = [];
  warningCount = 0;

  addFile(path: string) {
    const file = { path, lines: 0, events: 0, ignored: 0, skipped: 0 };
    this.files.push(file);
    return file;
  }

  recordSkip(skip: SkippedLine) {
    this.skippedCount++;
    if (this.skipped.length < MAX_LISTED_SKIPS) this.skipped.push(skip);
  }

  recordWarning(warning: SkippedLine) {
    this.warningCount++;
    if (this.warnings.length < MAX_LISTED_SKIPS) this.warnings.push(warning);
  }

  recordIgnored(eventName: string) {
    this.ignoredEvents.set(eventName, (this.ignoredEvents.get(eventName) ?? 0) + 1);
  }

  get lines() {
    return this.files.reduce((sum, f) => sum + f.lines, 0);
  }

  get events() {
    return this.files.reduce((sum, f) => sum + f.events, 0);
  }
}
