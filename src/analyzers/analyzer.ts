import type { LineRef } from "../events.js";
import type { Severity } from "../report.js";
import type { LogFacts, Timeline } from "../timeline/model.js";

export interface Detection {
  readonly message: string;
  readonly evidence: readonly LineRef[];
  /**
   * How many lines prove it, when `evidence` lists only the first MAX_EVIDENCE: a rule with
   * hundreds of thousands of lines (missing-delete at 1 GiB) need not read every one.
   */
  readonly evidenceCount?: number;
  readonly client?: string;
  readonly sessionId?: string;
}

/** A rule: metadata plus a pure detector over the frozen timeline (no I/O, no clock). */
export interface Analyzer {
  /** kebab-case; equals the file name, the README anchor and the test file. */
  readonly id: string;
  /** One sentence: the pattern detected. */
  readonly description: string;
  readonly severity: Severity;
  /** The MCP specification clause the rule encodes, or null for a server-health rule. */
  readonly specRef: string | null;
  /** Why the rule could not run on this log, or null when it could. */
  cannotCheck?(facts: LogFacts): string | null;
  detect(timeline: Timeline, settings: RuleSettings): Iterable<Detection>;
}

/** The thresholds of the config file's `thresholds`, as the rules read them. */
export interface RuleSettings {
  /** session-churn reports a client only when its churn ratio (losses / batches) is above this. */
  readonly acceptedChurnRatio: number;
  /** orphaned-sessions reports when more sessions than this are alive at the end of the log. */
  readonly maxOrphanedSessions: number;
  /** long-stream reports response streams that lived longer than this. */
  readonly maxStreamLifetimeMs: number;
}

/** The one place the thresholds' defaults live; README › Configuration documents them. */
export const DEFAULT_RULE_SETTINGS: RuleSettings = Object.freeze({
  acceptedChurnRatio: 0,
  maxOrphanedSessions: 10,
  maxStreamLifetimeMs: 60 * 60_000,
});

export const SESSION_MANAGEMENT_SPEC =
  "MCP 2025-06-18, Basic › Transports › Streamable HTTP › Session Management (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#session-management)";

