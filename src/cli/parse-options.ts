import { parseIsoTimestamp } from "../input/parse-timestamp.js";
import type { Severity } from "../report.js";

/** A bad flag value: the CLI prints it as one line and exits 2. */
export class UsageError extends Error {}

export const FORMATS = ["table", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_LEVELS = ["error", "warning", "info", "never"] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

/** `2s`, `500ms`, `1.5m`, or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a duration such as 2s, 500ms or 1.5m, got ${JSON.stringify(text)}`);
  const value = Number(match[1]);
  const unit = match[2] ?? "s";
  return unit === "ms" ? value : unit === "s" ? value * 1000 : value * 60_000;
}

export function parseTime(text: string | undefined, flag: string): number | null {
  if (text === undefined) return null;
  const ms = parseIsoTimestamp(text);
  if (ms === null) throw new UsageError(`${flag} expects an ISO-8601 time with a zone, e.g. 2026-02-27T08:00:00Z, got ${JSON.stringify(text)}`);
  return ms;
}

export function parseChoice<T extends string>(text: string, choices: readonly T[], flag: string): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag} must be one of ${choices.join(", ")}, got ${JSON.stringify(text)}`);
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function isAtOrAbove(severity: Severity, failOn: FailLevel): boolean {
  return failOn !== "never" && RANK[severity] >= RANK[failOn];
}
