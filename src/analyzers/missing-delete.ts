import { describeClientBehaviour } from "../timeline/client-behaviour.js";
import { indexByClient } from "../timeline/client-index.js";
import { SESSION_MANAGEMENT_SPEC, firstEvidence, type Analyzer } from "./analyzer.js";

export const missingDelete = {
  id: "missing-delete",
  description: "A client abandoned sessions (started a new one while they were alive) without sending DELETE for them.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 5: clients that no longer need a session SHOULD send DELETE`,
  *detect(timeline) {
    const index = indexByClient(timeline);
    for (const client of timeline.clients) {
      const abandoned = index.abandoned.get(client.key) ?? [];
      if (abandoned.length === 0) continue;
      // The report describes every client anyway: its counts cost this rule nothing.
      const { deletes, sessionCount } = describeClientBehaviour(client, timeline);
      yield {
        client: client.key,
        message: `${client.key} abandoned ${abandoned.length} session(s) without DELETE (${deletes} DELETE request(s) for ${sessionCount} session(s))`,
        evidence: firstEvidence(abandoned, (session) => session.created?.ref ?? session.startRef),
        evidenceCount: abandoned.length,
      };
    }
  },
} satisfies Analyzer;
