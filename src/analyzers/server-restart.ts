import type { Analyzer } from "./analyzer.js";

export const serverRestart = {
  id: "server-restart",
  description: "The server restarted (a server_started line, or active_sessions below what the log explains), wiping its sessions.",
  severity: "info",
  specRef: null,
  cannotCheck: (facts) =>
    facts.serverStartedLines === 0 && facts.loggedActiveCounts === 0 ? "no server_started lines and no active_sessions counts" : null,
  *detect(timeline) {
    for (const restart of timeline.restarts) {
      const how =
        restart.evidence === "server-started"
          ? `server_started${restart.pid === null ? "" : ` (pid ${restart.pid})`}`
          : `active_sessions=${restart.reportedActive} while the log explains ${restart.explainedActive} (or sessions were evicted without a log line)`;
      yield {
        message: `server restart at ${new Date(restart.at).toISOString()}: ${how}; ${restart.wipedSessions.length} session(s) wiped`,
        evidence: [restart.ref],
      };
    }
  },
} satisfies Analyzer;
