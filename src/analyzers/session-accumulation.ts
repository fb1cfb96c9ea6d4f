import type { LineRef } from "../events.js";
import { CountedEvidence, type Analyzer } from "./analyzer.js";

/** Growth smaller than this (in live sessions) is ordinary churn, not a leak worth a warning. */
const MIN_GROWTH = 3;

export const sessionAccumulation = {
  id: "session-accumulation",
  description: "Live sessions kept growing and the server evicted none: a leak of server-side session state.",
  severity: "warning",
  specRef: null,
  *detect(timeline) {
    const samples = timeline.activeSamples;
    let evicted = 0;
    let orphaned = 0;
    for (let i = 0; i < timeline.sessions.length; i++) {
      const { end } = timeline.sessions[i]!;
      if (end === null) orphaned++;
      else if (end.kind === "closed" || end.kind === "removed") evicted++;
    }
    if (samples.length < 2 || evicted > 0 || orphaned < MIN_GROWTH) return;
    // Measure from the last restart: a restart resets the count and is reported on its own.
    const lastRestart = timeline.restarts.at(-1);
    const window = lastRestart ? samples.filter((s) => s.seq >= lastRestart.seq) : samples;
    const first = window[0];
    const peak = window.reduce((best, s) => (s.active > best.active ? s : best), window[0]!);
    if (!first || peak.active - first.active < MIN_GROWTH || peak.at <= first.at) return;
    // The samples with live sessions, counted: a log has one per session_created line.
    const live = new CountedEvidence<LineRef>();
    for (const s of window) if (s.active > 0) live.add(s.ref);
    const hours = (peak.at - first.at) / 3_600_000;
    const rate = (peak.active - first.active) / hours;
    yield {
      message:
        `active sessions grew from ${first.active} to ${peak.active} in ${(hours * 60).toFixed(1)} min ` +
        `(${rate.toFixed(1)}/h, ${first.source === "logged" ? "server's active_sessions" : "counted from the log"}) and the server evicted none; ` +
        `${orphaned} session(s) alive at the end of the log`,
      evidence: live.kept,
      evidenceCount: live.count,
    };
  },
} satisfies Analyzer;
