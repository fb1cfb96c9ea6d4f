import { parseIsoTimestamp } from "../input/parse-timestamp.js";
import { RULE_LEVELS, type RuleLevel } from "../analyzers/run-analyzers.js";
import type { DisplayRedaction } from "../render/redact.js";

/** A bad flag value: the CLI prints it as one line and exits 2. */
export class UsageError extends Error {}

export const FORMATS = ["table", "markdown", "json", "junit", "sarif", "html"] as const;
export type Format = (typeof FORMATS)[number];
export { FAIL_LEVELS, isAtOrAbove, type FailLevel } from "../render/fail-level.js";

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `2s`, `500ms`, `1.5m`, `1h`, or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a duration such as 2s, 500ms, 1.5m or 1h, got ${JSON.stringify(text)}`);
  return Number(match[1]) * DURATION_UNITS_MS[match[2] ?? "s"]!;
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

/** `--no-redact` (whole ids, addresses shown), `--full-ids` (whole ids), `--redact-salt` (salted ids); addresses masked unless `--no-redact`. */
export function parseDisplayRedaction(flags: { readonly redact?: boolean; readonly fullIds?: boolean; readonly redactSalt?: string }): DisplayRedaction {
  const noRedact = flags.redact === false;
  if (flags.redactSalt !== undefined) {
    if (flags.redactSalt === "") throw new UsageError("--redact-salt expects a non-empty secret");
    if (noRedact || flags.fullIds === true) throw new UsageError("--redact-salt shortens session ids: it cannot be combined with --full-ids or --no-redact");
    return { ids: "salted", salt: flags.redactSalt, maskAddresses: true };
  }
  return { ids: noRedact || flags.fullIds === true ? "full" : "short", maskAddresses: !noRedact };
}
