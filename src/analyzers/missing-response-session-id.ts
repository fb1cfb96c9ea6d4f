import type { LineRef } from "../events.js";
import { NULL_CODE } from "../timeline/interner.js";
import type { LoggedRequest } from "../timeline/records.js";
import type { WalkObserver } from "../timeline/walk-feed.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { CountedEvidence } from "../counted-evidence.js";

export const missingResponseSessionId = {
  id: "missing-response-session-id",
  description: "An initialize was answered without an mcp-session-id response header, so the client had no id to keep.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 1: a stateful server assigns the id in the header of the InitializeResult response`,
  cannotCheck: (facts) => (facts.responses === 0 ? "no mcp_response_headers lines" : null),
  *detect(timeline) {
    const { initializes, unanswered } = timeline.tallies.of(InitializesWithoutSessionId);
    if (unanswered.count === 0) return;
    yield {
      message: `${unanswered.count} of ${initializes} answered initialize request(s) got no mcp-session-id response header`,
      evidence: unanswered.kept,
      evidenceCount: unanswered.count,
    };
  },
} satisfies Analyzer;

/** Answered initializes, and those answered (below 300) without a session id header, as the walk releases them. */
export class InitializesWithoutSessionId implements WalkObserver {
  initializes = 0;
  /** Counted: a stateless server answers every initialize so. */
  readonly unanswered = new CountedEvidence<LineRef>();

  /** The response read from the row, not made for every initialize: a busy log has hundreds of thousands. */
  request(request: LoggedRequest, _client: number, kept: boolean) {
    if (!kept || request.isInitialize !== true || !request.hasResponse) return;
    this.initializes++;
    if (request.responseSessionCode !== NULL_CODE || (request.responseStatus ?? 200) >= 300) return;
    this.unanswered.add(request.response!.ref);
  }
}
