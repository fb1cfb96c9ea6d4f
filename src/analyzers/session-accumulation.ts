import type { LineRef } from "../events.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import type { SampleSource, WalkObserver } from "../timeline/walk-feed.js";
import { type Analyzer } from "./analyzer.js";
import { CountedEvidence } from "../counted-evidence.js";
import type { RecordList } from "../timeline/model.js";

/** Growth smaller than this (in live sessions) is ordinary churn, not a leak worth a warning. */
const MIN_GROWTH = 3;

export const sessionAccumulation = {
  id: "session-accumulation",
  description: "Live sessions kept growing and the server evicted none: a leak of server-side session state.",
  severity: "warning",
  specRef: null,
  *detect(timeline) {
    const windows = timeline.tallies.of(SamplesSinceRestart);
    const window = windows.logged.samples > 0 ? windows.logged : windows.counted;
    let evicted = 0;
    let orphaned = 0;
    // Each end's kind read from its row: the end's record, made at each read, was one per ended session.
    const sessions = timeline.sessions as RecordList<LoggedSession>;
    for (let i = 0; i < sessions.length; i++) {
      const kind = sessions.at(i)!.endKind;
      if (kind === null) orphaned++;
      else if (kind === "closed" || kind === "removed") evicted++;
    }
    if (window.samples < 2 || evicted > 0 || orphaned < MIN_GROWTH) return;
    const { first, peak, live } = window;
    if (!first || !peak || peak.active - first.active < MIN_GROWTH || peak.at <= first.at) return;
    const hours = (peak.at - first.at) / 3_600_000;
    const rate = (peak.active - first.active) / hours;
    yield {
      message:
        `active sessions grew from ${first.active} to ${peak.active} in ${(hours * 60).toFixed(1)} min ` +
        `(${rate.toFixed(1)}/h, ${window.source === "logged" ? "server's active_sessions" : "counted from the log"}) and the server evicted none; ` +
        `${orphaned} session(s) alive at the end of the log`,
      evidence: live.kept,
      evidenceCount: live.count,
    };
  },
} satisfies Analyzer;

/**
 * The samples from the last restart on (a restart resets the count and is reported on its own),
 * logged and counted apart (see WalkObserver.sample), as the walk releases them. A restart is told
 * before the samples at or after its position are released: each one starts the window over.
 */
export class SamplesSinceRestart implements WalkObserver {
  readonly logged = new SampleWindow("logged");
  readonly counted = new SampleWindow("counted");
  /** The last restart's log position. */
  private from = -Infinity;

  restart(seq: number) {
    this.from = seq;
    this.logged.startOver();
    this.counted.startOver();
  }

  sample(seq: number, at: number, ref: LineRef, active: number, source: SampleSource) {
    const window = source === "logged" ? this.logged : this.counted;
    window.samples++;
    if (seq >= this.from) window.add(at, active, ref);
  }
}

interface Point {
  readonly at: number;
  readonly active: number;
}

/** One source's samples: how many in all, and of the window its first, its peak (the first of equals) and those with live sessions. */
class SampleWindow {
  samples = 0;
  first: Point | null = null;
  peak: Point | null = null;
  /** The samples with live sessions, counted: a log has one per session_created line. */
  live = new CountedEvidence<LineRef>();

  constructor(readonly source: SampleSource) {}

  startOver() {
    this.first = this.peak = null;
    this.live = new CountedEvidence();
  }

  add(at: number, active: number, ref: LineRef) {
    if (!this.first) this.first = this.peak = { at, active };
    else if (active > this.peak!.active) this.peak = { at, active };
    if (active > 0) this.live.add(ref);
  }
}
