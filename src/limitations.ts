import type { Analyzer } from "./analyzers/analyzer.js";
import type { Report } from "./report.js";
import { WALK_LAG } from "./timeline/build-timeline.js";
import type { LogFacts } from "./timeline/model.js";

/**
 * What the report could not check, or only inferred, for lack of a field or line in the log, and
 * what it gathered without lines that came too late for it (`lateFacts`, timeline/walk-feed.ts).
 */
export function listLimitations(facts: LogFacts, analyzers: readonly Analyzer[], lateFacts: number): Report["limitations"] {
  const limitations: Report["limitations"] = [];
  if (lateFacts > 0) {
    limitations.push({
      check: "late lines",
      reason:
        `${lateFacts} line(s) were logged more than ${(2 * WALK_LAG).toLocaleString("en-US")} events after the request, sample or initialize they concern ` +
        "(a response, a restart, a session_created line or a session's first request from its client): " +
        "the summary's request counts, the clients' initializes and DELETEs, which initializes were session losses, the active-sessions figures " +
        "and the rules that count initialize responses were gathered without them",
    });
  }
  for (const analyzer of analyzers) {
    const reason = analyzer.cannotCheck?.(facts);
    if (reason) limitations.push({ check: `rule ${analyzer.id}`, reason });
  }
  if (facts.requestsWithoutUserAgent > 0) {
    limitations.push({ check: "client grouping", reason: `${facts.requestsWithoutUserAgent} request(s) had no user_agent and are grouped as one client "(no user-agent)"` });
  }
  if (facts.requestsWithoutSessionField > 0) {
    limitations.push({ check: "session ids", reason: `${facts.requestsWithoutSessionField} request(s) were logged without the mcp_session_id field and count in no session` });
  }
  if (facts.requestsOfUnknownKind > 0) {
    limitations.push({ check: "initialize detection", reason: `${facts.requestsOfUnknownKind} request(s) had neither is_initialize nor rpc_method and were not answered with a new session id, so whether they were initializes is unknown` });
  }
  if (facts.inferredInitializes > 0) {
    limitations.push({ check: "initialize detection", reason: `${facts.inferredInitializes} initialize(s) inferred: a request without session id answered with a new one` });
  }
  if (facts.responses === 0) limitations.push({ check: "responses", reason: "no mcp_response_headers lines: statuses, 404s and response headers unknown" });
  if (facts.streamClosures === 0) limitations.push({ check: "stream lifetime", reason: "no client_disconnected lines" });
  if (facts.requests > 0 && facts.loggedActiveCounts === 0) {
    limitations.push({ check: "active sessions", reason: "no active_sessions counts: live sessions counted from the log's own lines" });
  }
  return limitations;
}
