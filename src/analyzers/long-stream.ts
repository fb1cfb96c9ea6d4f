import { closureRows } from "../timeline/rows.js";
import { sessionsById, type SessionsById } from "../timeline/sessions-by-id.js";
import type { StreamClosure } from "../timeline/model.js";
import { type Analyzer } from "./analyzer.js";
import { CountedEvidence } from "../counted-evidence.js";

export const longStream = {
  id: "long-stream",
  description: "A response stream (client_disconnected elapsed_ms) lived longer than thresholds.maxStreamLifetime.",
  severity: "info",
  specRef: null,
  cannotCheck: (facts) => (facts.streamClosures === 0 ? "no client_disconnected lines" : null),
  *detect(timeline, { maxStreamLifetimeMs }) {
    // Built only when a stream was long: a table of every session is costly on a busy log.
    let byId: SessionsById | null = null;
    // One finding per client, as the other client rules (and JUnit's test case per rule and client).
    const byClient = new Map<string | null, LongStreams>();
    // Read by row, a record made only for a long stream: the list's iterator made a record per
    // closure (726,000 at 1 GiB, 58 MB with the generator's results).
    const closures = closureRows(timeline);
    for (let i = 0; i < closures.length; i++) {
      const row = closures.row(i);
      const elapsedMs = closures.table.elapsedMsOf(row);
      if (elapsedMs === null || elapsedMs <= maxStreamLifetimeMs) continue;
      const closure = closures.table.record(row);
      const owner = closure.sessionId === null ? null : ((byId ??= sessionsById(timeline)).get(closure.sessionId)?.owner ?? null);
      let streams = byClient.get(owner);
      if (!streams) byClient.set(owner, (streams = { closures: new CountedEvidence(), longestMs: 0 }));
      streams.closures.add(closure);
      streams.longestMs = Math.max(streams.longestMs, elapsedMs);
    }
    for (const [client, { closures, longestMs }] of byClient) {
      yield {
        ...(client === null ? {} : { client }),
        message:
          `${client ?? "a client the log does not name"} kept ${closures.count} response stream(s) open longer than ` +
          `${describeDuration(maxStreamLifetimeMs)} (maxStreamLifetime); the longest ${describeDuration(longestMs)}`,
        evidence: closures.kept.map((c) => c.ref),
        evidenceCount: closures.count,
      };
    }
  },
} satisfies Analyzer;

/** A client's long streams, counted (a client that never closes its streams has one per session). */
interface LongStreams {
  readonly closures: CountedEvidence<StreamClosure>;
  longestMs: number;
}

function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}
