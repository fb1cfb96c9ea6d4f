import type { Hypothesis } from "./hypothesis.js";

export const intermediaryStripsHeader = {
  id: "intermediary-strips-header",
  title: "A proxy or CDN stripping the header",
  decide({ sessions }) {
    const issued = sessions.filter((s) => s.createdBy !== null);
    if (issued.length === 0) return { verdict: "not-enough-evidence", reason: "no session id was issued to a client in this log", evidence: [] };
    // A client can only send back an id that reached it.
    const sentBack = issued.filter((s) => s.requests.some((r) => r.clientKey === s.owner));
    if (sentBack.length > 0) {
      return {
        verdict: "ruled-out",
        reason: `the client sent back ${sentBack.length} of ${issued.length} issued session ids, so the header reached it`,
        evidence: sentBack.map((s) => s.requests.find((r) => r.clientKey === s.owner)!.ref),
      };
    }
    return {
      verdict: "supported",
      reason: `none of the ${issued.length} issued session ids was ever sent back by its client`,
      evidence: issued.map((s) => s.createdBy!.ref),
    };
  },
} satisfies Hypothesis;
