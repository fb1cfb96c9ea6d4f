import type { LineRef } from "../events.js";
import { NULL_CODE } from "../timeline/interner.js";
import { ANSWERED, INITIALIZE, type ReleasedRequests } from "../timeline/released-requests.js";
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
  requests(released: ReleasedRequests) {
    const { length, kept, flags, status } = released;
    for (let i = 0; i < length; i++) {
      if (kept[i] === 0 || (flags[i]! & (INITIALIZE | ANSWERED)) !== (INITIALIZE | ANSWERED)) continue;
      this.initializes++;
      // A status not logged (NaN) is taken as 200, below 300.
      if (status[i]! >= 300) continue;
      const request = released.requestAt(i);
      if (request.responseSessionCode !== NULL_CODE) continue;
      this.unanswered.add(request.response!.ref);
    }
  }
}
