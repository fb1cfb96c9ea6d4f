import type { Report } from "../../src/report.js";

/** A user agent a client chose to break XML, workflow commands and terminals. */
export const HOSTILE_AGENT = 'evil</failure><x a="1">&\u0000\u001b[31m\ud800%0A\n::error::pwned, a:b';

/**
 * Only the parts of a report the CI renderers read (tool, input files, clients, findings): the
 * rest of the report changes often and these renderers must not depend on it.
 */
export function buildHostileReport(): Report {
  const partial = {
    tool: { name: "mcp-forensics", version: "0.1.0" },
    input: { files: [{ path: "logs/a,b:c.jsonl" }] },
    clients: [{ key: HOSTILE_AGENT, userAgent: HOSTILE_AGENT }],
    findings: [
      {
        rule: "session-churn",
        severity: "error",
        message: `${HOSTILE_AGENT} lost its session 1 time(s)`,
        client: HOSTILE_AGENT,
        sessionId: null,
        evidence: [{ file: "logs/a,b:c.jsonl", line: 7 }],
        evidenceCount: 1,
      },
    ],
  };
  return partial as unknown as Report;
}
