import type { LoggedSession } from "../timeline/logged-session.js";
import { firstEvidence, type Analyzer } from "./analyzer.js";

export const orphanedSessions = {
  id: "orphaned-sessions",
  description: "More sessions than thresholds.maxOrphanedSessions were alive at the end of the log, never deleted, closed or removed.",
  severity: "warning",
  specRef: null,
  *detect(timeline, { maxOrphanedSessions }) {
    // A session wiped by a restart has an end (kind "restart"): only the server's own leftovers
    // count. Asked of the end's row: the end's record, made at each read, was one per ended session.
    const orphaned = timeline.sessions.filter((s) => !(s as LoggedSession).ended);
    if (orphaned.length <= maxOrphanedSessions) return;
    const owners = new Set(orphaned.map((s) => s.owner ?? "(unknown client)"));
    yield {
      message:
        `${orphaned.length} session(s) alive at the end of the log, never deleted, closed or removed ` +
        `(more than maxOrphanedSessions ${maxOrphanedSessions}), from ${owners.size} client(s)`,
      evidence: firstEvidence(orphaned, (s) => s.created?.ref ?? s.startRef),
      evidenceCount: orphaned.length,
    };
  },
} satisfies Analyzer;
