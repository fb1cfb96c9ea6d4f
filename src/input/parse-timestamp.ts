/** ISO-8601 date-time with a zone; Date.parse alone accepts far looser text than a log should hold. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds, or null when the text is not an ISO-8601 timestamp with a zone. */
export function parseIsoTimestamp(text: string): number | null {
  if (!ISO_8601.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
