import type { LineRef } from "../events.js";
import type { Severity } from "../report.js";
import type { LogFacts, Timeline } from "../timeline/model.js";

export interface Detection {
  readonly message: string;
  readonly evidence: readonly LineRef[];
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
  detect(timeline: Timeline): Iterable<Detection>;
}

export const SESSION_MANAGEMENT_SPEC =
  "MCP 2025-06-18, Basic › Transports › Streamable HTTP › Session Management (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#session-management)";
