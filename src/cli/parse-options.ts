import { parseIsoTimestamp } from "../input/parse-timestamp.js";
import { RULE_LEVELS, type RuleLevel } from "../analyzers/run-analyzers.js";

/** A bad flag value: the CLI prints it as one line and exits 2. */
export class UsageError extends Error {}

export const FORMATS = ["table", "markdown", "json", "junit", "sarif", "html"] as const;
export type Format = (typeof FORMATS)[number];
export { FAIL_LEVELS, isAtOrAbove, type FailLevel } from "../render/fail-level.js";

/** `2s`, `500ms`, `1.5m`, or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a duration such as 2s, 500ms or 1.5m, got ${JSON.stringify(text)}`);
  const value = Number(match[1]);
  const unit = match[2] ?? "s";
  return unit === "ms" ? value : unit === "s" ? value * 1000 : value * 60_000;
}

/** A size in bytes: `1048576`, `64KiB`, `16MiB`. */
export function parseByteCount(text: string, flag: string): number {
  const match = /^(\d+)(KiB|MiB)?$/.exec(text.trim());
  const bytes = match ? Number(match[1]) * (match[2] === "MiB" ? 1 << 20 : match[2] === "KiB" ? 1 << 10 : 1) : 0;
  if (!(bytes >= 1 && bytes <= 2 ** 30)) throw new UsageError(`${flag} expects a size from 1 byte to 1024MiB such as 1048576, 64KiB or 16MiB, got ${JSON.stringify(text)}`);
  return bytes;
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

/** `RULE=LEVEL` from `--rule`, checked against the known rule ids so a typo is not silently ignored. */
export function parseRuleLevel(text: string, ruleIds: readonly string[]): [string, RuleLevel] {
  const match = /^([^=]+)=(.*)$/.exec(text.trim());
  if (!match) throw new UsageError(`--rule expects RULE=LEVEL (LEVEL one of ${RULE_LEVELS.join(", ")}), got ${JSON.stringify(text)}`);
  const [, id, level] = match as unknown as [string, string, string];
  if (!ruleIds.includes(id)) throw new UsageError(`--rule: unknown rule ${JSON.stringify(id)}; known rules: ${ruleIds.join(", ")}`);
  return [id, parseChoice(level, RULE_LEVELS, `--rule ${id}`)];
}
