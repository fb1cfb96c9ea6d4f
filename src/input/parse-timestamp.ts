/** ISO-8601 date-time with a zone; Date.parse alone accepts far looser text than a log should hold. */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch numbers above this are milliseconds (1e11 ms is 1973; 1e11 s is the year 5138). */
const EPOCH_MS_THRESHOLD = 1e11;
/** The largest time a Date can hold (±8.64e15 ms). */
const MAX_TIME_MS = 8.64e15;

/** Epoch milliseconds, or null when the text is not an ISO-8601 timestamp with a zone. */
export function parseIsoTimestamp(text: string): number | null {
  const match = ISO_8601.exec(text);
  if (match === null) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  // Date.parse rolls 2026-02-30 over to March 2; a log that says so is broken, not early March.
  // Every month has 28 days, so only days past that need the calendar (and its Date object).
  const day = Number(match[3]);
  if (day <= 28) return ms;
  return day <= new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate() ? ms : null;
}

/**
 * Epoch milliseconds from a numeric timestamp: milliseconds when above 1e11, else seconds
 * (fractions allowed), the two units loggers use (pino's `time` vs Python's `time.time()`).
 */
export function parseEpochTimestamp(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const ms = value > EPOCH_MS_THRESHOLD ? value : value * 1000;
  return ms <= MAX_TIME_MS ? ms : null;
}
