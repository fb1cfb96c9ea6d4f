import type { LoggedSession } from "../timeline/logged-session.js";
import type { ReinitializeKind } from "../timeline/model.js";
import type { NamedWindow } from "../timeline/named-sessions.js";
import type { LoggedRequest } from "../timeline/records.js";
import type { WalkObserver } from "../timeline/walk-feed.js";

/**
 * Whether some loss came while none of the sessions it names (its client's newest alive, the
 * classification's list) had had its response stream closed: then not every loss followed a closed
 * stream (stream-disconnect-causes-loss). Told as the sweep classifies the losses, lags behind the
 * walk: the walk notes a session's first closure when it meets the closure's line, in log order, so
 * every closure logged before a loss is known when the loss is told, none logged after it is.
 */
export class LossWithOpenStreams implements WalkObserver {
  found = false;

  reinitialization(request: LoggedRequest, _client: number, kind: ReinitializeKind, _aliveCount: number, _idleGapMs: number | null, _index: number, named: NamedWindow) {
    // One such loss settles it: the losses after it are not looked at.
    if (kind !== "loss" || this.found) return;
    const { seq } = request;
    for (let k = 0; k < named.count; k++) if ((named.sessionAt(k) as LoggedSession).firstStreamClosureSeq < seq) return;
    this.found = true;
  }
}
