import type { LineRef } from "../events.js";
import { ABSENT_CODE, NULL_CODE } from "../timeline/interner.js";
import { ANSWERED, INITIALIZE, type ReleasedRequests } from "../timeline/released-requests.js";
import type { WalkObserver } from "../timeline/walk-feed.js";
import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";

export const serverOmitsSessionId = {
  id: "server-omits-session-id",
  title: "Server not sending mcp-session-id",
  decide(timeline) {
    const { answered, without, answeredRefs, withoutRefs } = timeline.tallies.of(InitializeResponseHeaders);
    if (answered === 0) {
      return { verdict: "not-enough-evidence", reason: "no initialize response with its mcp-session-id header logged", evidence: [] };
    }
    if (without === 0) {
      return {
        verdict: "ruled-out",
        reason: `all ${answered} logged initialize responses carried mcp-session-id`,
        evidence: answeredRefs,
      };
    }
    return {
      verdict: "supported",
      reason: `${without} of ${answered} initialize responses had no mcp-session-id header`,
      evidence: withoutRefs,
    };
  },
} satisfies Hypothesis;

/** Initialize responses whose session id header was logged, and those without an id, as the walk releases them. */
export class InitializeResponseHeaders implements WalkObserver {
  answered = 0;
  without = 0;
  /** Only the first lines are shown: the counts say how many there were. */
  readonly answeredRefs: LineRef[] = [];
  readonly withoutRefs: LineRef[] = [];

  /** The response read from the row, made only for the lines shown: a busy log has hundreds of thousands. */
  requests(released: ReleasedRequests) {
    const { length, kept, flags } = released;
    for (let i = 0; i < length; i++) {
      if (kept[i] === 0 || (flags[i]! & (INITIALIZE | ANSWERED)) !== (INITIALIZE | ANSWERED)) continue;
      const request = released.requestAt(i);
      // The header's number, not its string: made from its words for a UUID (interner.ts).
      const sessionCode = request.responseSessionCode;
      if (sessionCode === ABSENT_CODE) continue;
      if (this.answered++ < MAX_HYPOTHESIS_EVIDENCE) this.answeredRefs.push(request.response!.ref);
      if (sessionCode === NULL_CODE && this.without++ < MAX_HYPOTHESIS_EVIDENCE) this.withoutRefs.push(request.response!.ref);
    }
  }
}
