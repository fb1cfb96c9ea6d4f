import type { LineRef } from "../events.js";
import { ActiveSamples } from "../timeline/active-series.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import { MAX_HYPOTHESIS_EVIDENCE, type Hypothesis } from "./hypothesis.js";
import { tallyReinitializations } from "./reinitialization-tally.js";
import type { RecordList } from "../timeline/model.js";

export const serverSideEviction = {
  id: "server-side-eviction",
  title: "Server-side session eviction",
  decide(timeline) {
    const { sessions, facts, tallies } = timeline;
    const { ofKind: evictedThenReplaced, losses, lossRefs } = tallyReinitializations(timeline, "after-end");
    const evictedRefs: LineRef[] = [];
    // How each ended, read from its row: the end's record is made only for the lines shown.
    let evicted = 0;
    const logged = sessions as RecordList<LoggedSession>;
    for (let i = 0; i < logged.length; i++) {
      const kind = logged.at(i)!.endKind;
      if (kind === "closed" || kind === "removed") evicted++;
    }
    for (let i = 0; i < logged.length && evictedRefs.length < Math.min(evicted, MAX_HYPOTHESIS_EVIDENCE); i++) {
      const session = logged.at(i)!;
      const kind = session.endKind;
      if (kind === "closed" || kind === "removed") evictedRefs.push(session.end!.ref);
    }
    if (evictedThenReplaced > 0 && evicted > 0) {
      return {
        verdict: "supported",
        reason: `the server closed or removed ${evicted} session(s); ${evictedThenReplaced} re-initialize(s) followed a session's end`,
        evidence: evictedRefs,
      };
    }
    if (losses === 0) return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    if (facts.sessionCreatedLines === 0) {
      return { verdict: "not-enough-evidence", reason: "the log has no session lifecycle lines (session_created/closed/removed)", evidence: [] };
    }
    const peak = tallies.of(ActiveSamples).peak;
    return {
      verdict: "ruled-out",
      reason: `the server still held the dropped session(s) at each of the ${losses} losses (no session_closed/removed before them; active sessions reached ${peak})`,
      evidence: lossRefs,
    };
  },
} satisfies Hypothesis;
