import type { LineRef } from "../events.js";

/** Skipped lines (and warnings) listed one by one in the report; the rest are only counted. */
export const MAX_LISTED_SKIPS = 200;

export interface SkippedLine extends LineRef {
  readonly reason: string;
}

/** Lines quoted per reason class in the report's summary of skips. */
export const MAX_REFS_PER_REASON = 3;

/**
 * Reason classes, tested in order against a skip's reason: the wrappers first (a truncated last
 * line or invalid UTF-8 wraps the parser's own reason), then the readers' and the parsers' reasons.
 */
const SKIP_REASON_CLASSES = [
  ["truncated last line", /^truncated last line\b/],
  ["not valid UTF-8", /^not valid UTF-8\b/],
  ["blank line", /^blank line$/],
  ["duplicate", /^duplicate of line\b/],
  ["line too long", /^(line|HAR entry) longer than\b/],
  ["invalid JSON", /^invalid JSON\b/],
  ["not a JSON object", /^not a JSON object\b/],
  // pino's `time` is its timestamp.
  ["timestamp", /^(timestamp\b|(missing )?field (timestamp|time)\b)/],
  ["field type", /^(field|missing field)\b/],
] as const;

/** Every class a skip can fall in: the report's `input.skippedByReason[].reason`. */
export const SKIP_REASONS = [...SKIP_REASON_CLASSES.map(([name]) => name), "other"] as const;
export type SkipReasonClass = (typeof SKIP_REASONS)[number];

/** The class of a skip reason, for the report's count of skips by reason; `other` for any reason a newer adapter gives. */
export function classifySkipReason(reason: string): SkipReasonClass {
  return SKIP_REASON_CLASSES.find(([, pattern]) => pattern.test(reason))?.[0] ?? "other";
}

/** The log formats the adapters read. */
export const INPUT_FORMATS = ["events", "pino", "access", "har"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export type FileCounts = { path: string; lines: number; events: number; ignored: number; skipped: number };

/** An InputSummary as plain data (see snapshot). */
export interface SummaryData {
  readonly files: readonly FileCounts[];
  readonly ignoredEvents: readonly (readonly [string, number])[];
  readonly skipped: readonly SkippedLine[];
  readonly skippedCount: number;
  readonly skippedByReason: readonly (readonly [SkipReasonClass, { readonly count: number; readonly first: readonly LineRef[] }])[];
  readonly warnings: readonly SkippedLine[];
  readonly warningCount: number;
  readonly errors: readonly string[];
  readonly formats: readonly InputFormat[];
}

/** What the readers saw: every line is either an event, an ignored event kind, or a skip. */
export class InputSummary {
  readonly files: FileCounts[] = [];
  readonly ignoredEvents = new Map<string, number>();
  readonly skipped: SkippedLine[] = [];
  skippedCount = 0;
  /** Lines used as events but worth a second look: the clock went backwards, bytes were not UTF-8. */
  readonly warnings: SkippedLine[] = [];
  warningCount = 0;

  addFile(path: string): FileCounts {
    const file = { path, lines: 0, events: 0, ignored: 0, skipped: 0 };
    this.files.push(file);
    return file;
  }

  /** Every skip counted by reason class (all of them, not only the listed 200), in order of first appearance. */
  readonly skippedByReason = new Map<SkipReasonClass, { count: number; first: LineRef[] }>();

  recordSkip(skip: SkippedLine) {
    this.skippedCount++;
    keepListed(this.skipped, [skip], MAX_LISTED_SKIPS);
    this.tallySkips(classifySkipReason(skip.reason), 1, [{ file: skip.file, line: skip.line }]);
  }

  recordWarning(warning: SkippedLine) {
    this.warningCount++;
    keepListed(this.warnings, [warning], MAX_LISTED_SKIPS);
  }

  private tallySkips(reason: SkipReasonClass, count: number, refs: readonly LineRef[]) {
    const tally = this.skippedByReason.get(reason) ?? { count: 0, first: [] };
    tally.count += count;
    keepListed(tally.first, refs, MAX_REFS_PER_REASON);
    this.skippedByReason.set(reason, tally);
  }

  /** Input broken beyond a skipped line (a corrupt gzip stream): the analysis goes on, the run exits 2. */
  readonly errors: string[] = [];
  private readonly formats = new Set<InputFormat>();

  setFormat(format: InputFormat) {
    this.formats.add(format);
  }

  /** The one format every file was read in, or "mixed". */
  get format(): InputFormat | "mixed" {
    return this.formats.size === 1 ? [...this.formats][0]! : this.formats.size === 0 ? "events" : "mixed";
  }

  recordError(message: string) {
    this.errors.push(message);
  }

  recordIgnored(eventName: string) {
    this.ignoredEvents.set(eventName, (this.ignoredEvents.get(eventName) ?? 0) + 1);
  }

  /** What this summary saw, as plain data a reading thread can post to the analysing one. */
  snapshot(): SummaryData {
    return {
      files: this.files.map((f) => ({ ...f })),
      ignoredEvents: [...this.ignoredEvents],
      skipped: this.skipped,
      skippedCount: this.skippedCount,
      skippedByReason: [...this.skippedByReason],
      warnings: this.warnings,
      warningCount: this.warningCount,
      errors: this.errors,
      formats: [...this.formats],
    };
  }

  /** Adds what a reading thread saw of one file; `file` is that file's entry, added in command-line order. */
  absorb(data: SummaryData, file: FileCounts) {
    for (const f of data.files) {
      file.lines += f.lines;
      file.events += f.events;
      file.ignored += f.ignored;
      file.skipped += f.skipped;
    }
    for (const [name, count] of data.ignoredEvents) this.ignoredEvents.set(name, (this.ignoredEvents.get(name) ?? 0) + count);
    this.skippedCount += data.skippedCount;
    keepListed(this.skipped, data.skipped, MAX_LISTED_SKIPS);
    for (const [reason, { count, first }] of data.skippedByReason) this.tallySkips(reason, count, first);
    this.warningCount += data.warningCount;
    keepListed(this.warnings, data.warnings, MAX_LISTED_SKIPS);
    this.errors.push(...data.errors);
    for (const format of data.formats) this.formats.add(format);
  }

  get lines() {
    return this.files.reduce((sum, f) => sum + f.lines, 0);
  }

  get events() {
    return this.files.reduce((sum, f) => sum + f.events, 0);
  }
}

/** Appends items while the list holds fewer than `cap`: the rest are only counted. */
function keepListed<T>(list: T[], items: readonly T[], cap: number) {
  for (const item of items) {
    if (list.length >= cap) return;
    list.push(item);
  }
}
