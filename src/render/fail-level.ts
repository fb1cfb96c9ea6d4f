import type { Severity } from "../report.js";

/** `--fail-on`: the lowest severity that fails the run, or `never`. Renderers use it to pick what to flag. */
export const FAIL_LEVELS = ["error", "warning", "info", "never"] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function isAtOrAbove(severity: Severity, failOn: FailLevel): boolean {
  return failOn !== "never" && RANK[severity] >= RANK[failOn];
}
