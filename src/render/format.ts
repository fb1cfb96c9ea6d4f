import type { LineRef } from "../events.js";
import type { Distribution } from "../report.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Units are chosen on the rounded value, so 59.96 s reads "1.0 min" and never "60.0s". */
function toTenths(ms: number, unit: number): number {
  return Math.round((Math.abs(ms) / unit) * 10) / 10;
}

function inUnit(ms: number, unit: number): string {
  return (ms / unit).toFixed(1);
}

/** `08:28:46Z`: UTC, truncated (not rounded) to the second, as the seed report prints times. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "??:??:??Z";
  return `${date.toISOString().slice(11, 19)}Z`;
}

/** `2026-02-27 08:28:46Z`: for the analysed window, where the day matters. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "invalid time";
  return `${date.toISOString().slice(0, 10)} ${formatClock(iso)}`;
}

/** `0.4s`, `138.9s (2.3 min)`, `4020.0s (1.1 h)`: seconds first, so gaps compare at a glance. */
export function formatGap(ms: number): string {
  const seconds = `${inUnit(ms, SECOND)}s`;
  if (toTenths(ms, SECOND) < 60) return seconds;
  if (toTenths(ms, MINUTE) < 60) return `${seconds} (${inUnit(ms, MINUTE)} min)`;
  return `${seconds} (${inUnit(ms, HOUR)} h)`;
}

/** `195ms`, `14.6s`, `22.2 min`, `1.5 h`. */
export function formatDuration(ms: number): string {
  if (Math.round(Math.abs(ms)) < SECOND) return `${Math.round(ms)}ms`;
  if (toTenths(ms, SECOND) < 60) return `${inUnit(ms, SECOND)}s`;
  if (toTenths(ms, MINUTE) < 60) return `${inUnit(ms, MINUTE)} min`;
  return `${inUnit(ms, HOUR)} h`;
}

/** `125ms to 355ms (median 217ms, p95 355ms, n=13)`, or `no data`. */
export function formatDistribution(d: Distribution): string {
  if (d.count === 0 || d.min === null || d.max === null || d.median === null || d.p95 === null) return "no data";
  const range = `${formatDuration(d.min)} to ${formatDuration(d.max)}`;
  return `${range} (median ${formatDuration(d.median)}, p95 ${formatDuration(d.p95)}, n=${d.count})`;
}

/** `125,004`: stream lifetimes are quoted with thousands separators in the seed report. */
export function formatInteger(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `92%` */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** `1 request`, `8 requests`. */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(n)} ${n === 1 ? singular : plural}`;
}

/** The file name without its directories: reports get pasted publicly, home paths should not. */
export function formatFileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** `capture-2.jsonl:12`. Unescaped: callers escape for their output. */
export function formatRef(ref: LineRef): string {
  return `${formatFileName(ref.file)}:${ref.line}`;
}

/** `invalid JSON ×3 (a.jsonl:2, a.jsonl:5, a.jsonl:9, …)`, with at most `maxRefs` references. Unescaped. */
export function formatSkipGroup(group: { reason: string; count: number; first: readonly LineRef[] }, maxRefs: number): string {
  const refs = group.first.slice(0, maxRefs).map(formatRef);
  if (group.count > refs.length) refs.push("…");
  return `${group.reason} ×${formatInteger(group.count)} (${refs.join(", ")})`;
}

/**
 * At most `maxChars` characters, noting how many were cut: one 100 kB user agent must not
 * blow a table apart or a report past GitHub's size limit. Cut before escaping, never after.
 */
export function truncateText(s: string, maxChars: number): string {
  const chars = Array.from(s);
  if (chars.length <= maxChars) return s;
  return `${chars.slice(0, maxChars).join("")}… (+${chars.length - maxChars} chars)`;
}
