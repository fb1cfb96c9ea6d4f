import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseEventsLine } from "../../src/input/events-format.js";
import { parseEpochTimestamp, parseIsoTimestamp } from "../../src/input/parse-timestamp.js";

const ref = { file: "log.jsonl", line: 1 };
const at = (timestamp: unknown) => {
  const result = parseEventsLine(JSON.stringify({ event: "server_started", timestamp, pid: 1 }), ref);
  return result.type === "event" ? new Date(result.event.at).toISOString() : result.type === "skip" ? `skip: ${result.reason}` : "ignored";
};

test("timestamps: zones, epoch seconds and milliseconds, and what is refused", () => {
  assert.equal(at("2026-03-01T12:00:00.000+02:00"), "2026-03-01T10:00:00.000Z");
  assert.equal(at("2026-03-01T05:00:00-0500"), "2026-03-01T10:00:00.000Z");
  assert.equal(at(1772359200000), "2026-03-01T10:00:00.000Z", "above 1e11: milliseconds");
  assert.equal(at(1772359200.5), "2026-03-01T10:00:00.500Z", "below 1e11: seconds");
  assert.equal(at(0), "1970-01-01T00:00:00.000Z");
  assert.match(at("2026-03-01T10:00:00"), /^skip: timestamp is not ISO-8601 with a zone/);
  assert.match(at("2026-02-29T10:00:00Z"), /^skip: .*2026-02-29/, "2026 is not a leap year");
  assert.equal(at("2028-02-29T10:00:00Z"), "2028-02-29T10:00:00.000Z");
  assert.match(at(-1), /^skip: timestamp is not a usable epoch time/);
  assert.match(at(1e300), /^skip: timestamp is not a usable epoch time/);
  assert.match(at(null), /^skip: field timestamp: expected an ISO-8601 string or epoch number, received null$/);
  assert.match(at("x".repeat(10_000)), /^skip: .{0,140}$/, "a long value is quoted short");
  assert.equal(parseIsoTimestamp("2026-03-01T10:00Z"), Date.parse("2026-03-01T10:00:00Z"));
  assert.equal(parseEpochTimestamp(Number.NaN), null);
});

test("zod messages read as sentences", () => {
  const reason = (line: string) => {
    const result = parseEventsLine(line, ref);
    return result.type === "skip" ? result.reason : result.type;
  };
  assert.equal(reason('{"timestamp":"2026-03-01T10:00:00Z"}'), "missing field event");
  assert.equal(reason('{"event":"session_created","timestamp":"2026-03-01T10:00:00Z"}'), "missing field session_id");
  assert.equal(
    reason('{"event":"session_created","timestamp":"2026-03-01T10:00:00Z","session_id":"s","active_sessions":1.5}'),
    "field active_sessions: expected an integer, received a fraction",
  );
  assert.equal(reason('{"event":"something_else"}'), "ignored", "an unknown event needs no timestamp");
});

/** The reading of an ISO timestamp before its fast path: the definition the fast path is held to. */
function referenceIsoTimestamp(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (match === null) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  const day = Number(match[3]);
  return day <= 28 || day <= new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate() ? ms : null;
}

test("the fast path for toISOString's shape reads every timestamp as the regex and Date.parse do", () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
  const canonical = fc
    .tuple(fc.constantFrom("1970", "2000", "2026", "2028", "2100", "0000", "9999"), two(13), two(32), two(25), two(61), two(61), fc.integer({ min: 0, max: 999 }), fc.constantFrom("Z", "z", "+00:00"), fc.constantFrom("-", "/"))
    .map(([y, mo, d, h, mi, s, ms, zone, sep]) => `${y}${sep}${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, "0")}${zone}`);
  // The same hour read again uses the remembered hour: check runs of neighbours, not single values.
  fc.assert(
    fc.property(fc.array(fc.oneof(canonical, fc.string({ maxLength: 26 })), { maxLength: 8 }), (texts) => {
      for (const text of texts) assert.equal(parseIsoTimestamp(text), referenceIsoTimestamp(text), text);
    }),
    { numRuns: 5000 },
  );
  for (const text of ["2026-03-01T23:59:59.999Z", "2026-03-01T24:00:00.000Z", "2026-03-01T24:30:00.000Z", "2026-02-29T10:00:00.000Z", "2028-02-29T10:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-03-01T10:60:00.000Z", "2026-03-01T10:00:60.000Z", "2026-03-01T1a:00:00.000Z", "2026-03-01T10:0a:00.000Z", "2026-03-01T10:00:00.0a0Z", "+02026-03-01T10:00:00Z"]) {
    assert.equal(parseIsoTimestamp(text), referenceIsoTimestamp(text), text);
  }
});
