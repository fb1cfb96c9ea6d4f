import type { Session, Timeline } from "../timeline/model.js";
import { formatSeconds, type Hypothesis } from "./hypothesis.js";
import { LatestBefore } from "./latest-before.js";
import { SessionUses, type OwnerWalk } from "./session-uses.js";
import { AliveNames, MAX_ALIVE_LISTED, reinitializationsOf, type Reinitializations } from "../timeline/classified-columns.js";
import { clientPositions } from "../timeline/client-index.js";
import { requestRows } from "../timeline/rows.js";

export const serverIdleTimeout = {
  id: "server-idle-timeout",
  title: "Idle timeout on the server side",
  decide(timeline) {
    if (!namesAnyAlive(reinitializationsOf(timeline))) {
      return { verdict: "not-enough-evidence", reason: "no session loss to explain", evidence: [] };
    }
    const uses = new SessionUses(timeline);
    const shortest = shortestIdleBeforeLoss(timeline, uses)!;
    const survived = longestSurvivedGap(timeline.sessions, uses);
    // One timeout cannot both drop a session idle for `shortest` and keep one idle for longer.
    if (survived && survived.idleMs > shortest.idleMs) {
      return {
        verdict: "ruled-out",
        reason:
          `session ${survived.sessionId.slice(0, 8)} was used again after ${formatSeconds(survived.idleMs)} idle, ` +
          `yet session ${shortest.sessionId.slice(0, 8)} was dropped after ${formatSeconds(shortest.idleMs)}: no single timeout explains both`,
        evidence: [survived.ref, shortest.ref],
      };
    }
    return {
      verdict: "not-enough-evidence",
      reason: `no session was reused after an idle gap longer than the shortest one before a loss (${formatSeconds(shortest.idleMs)})`,
      evidence: [shortest.ref],
    };
  },
} satisfies Hypothesis;

/**
 * Of every session dropped at a loss, the one that had been idle (since its last use or creation)
 * the shortest; of equals, the first in the log is kept. The losses are read in log order, as the
 * timeline lists them, each owner's found by a walk of its own: read client by client, the
 * records lay where the log's order jumped between them (see classified-columns.ts). The best so
 * far is kept in locals and its line made at the end: with an object and a line made at each
 * better one, this function allocated 8 MB on the 100 MiB bench log, 3 then. A loss none of whose
 * sessions can beat the best so far (LatestBefore bounds their idle time from below) is passed
 * without finding them: once a session dropped after 0 ms is found, no loss of a log whose times
 * do not step back can beat it. The 1 GiB bench log's first is at line 437,418 of 5.4 million:
 * 3.2 million sessions found and their last uses walked to before, some 0.3 million now.
 */
function shortestIdleBeforeLoss(timeline: Timeline, uses: SessionUses) {
  let bestLoss = -1;
  let bestSessionId = "";
  let bestIdleMs = Infinity;
  let bestSeq = Infinity;
  let found: Int32Array = new Int32Array(MAX_ALIVE_LISTED);
  // By the owner's key's number: a Map's lookup per loss was 4% of this function at 1 GiB.
  const walks = new Array<OwnerWalk | undefined>(clientPositions(timeline).length);
  const alive = new AliveNames();
  const reinitializations = reinitializationsOf(timeline);
  // The request read from its row: a record per loss was 313,000 objects at 1 GiB (15 MB).
  const { table } = requestRows(timeline);
  const latest = new LatestBefore(table, uses.byStart, uses.startSeq, uses.startAt);
  for (let i = 0; i < reinitializations.length; i++) {
    if (!reinitializations.isLossAt(i)) continue;
    const row = reinitializations.rowAt(i);
    const at = table.atOf(row);
    const seq = table.seqOf(row);
    // Not one of its sessions can be idle for less than this: none replaces the best, which the first loss sets.
    const leastIdleMs = at - latest.timeBefore(row, seq);
    if (leastIdleMs > bestIdleMs || (leastIdleMs === bestIdleMs && seq >= bestSeq)) continue;
    const owner = table.clientCodeOf(row);
    const walk = (walks[owner] ??= uses.walkOwner(owner));
    const { ids, from, to } = alive.read(reinitializations, i);
    found = walk.findAlive(alive, seq, found);
    for (let j = 0; j < to - from; j++) {
      const idleMs = at - uses.lastUseBefore(found[j]!, row);
      if (bestLoss === -1 || idleMs < bestIdleMs || (idleMs === bestIdleMs && seq < bestSeq)) {
        bestLoss = i;
        bestSessionId = ids[from + j]!;
        bestIdleMs = idleMs;
        bestSeq = seq;
      }
    }
  }
  return bestLoss === -1 ? null : { sessionId: bestSessionId, idleMs: bestIdleMs, ref: reinitializations.requestAt(bestLoss).ref };
}

/** Whether a loss names a session alive at it. */
function namesAnyAlive(reinitializations: Reinitializations): boolean {
  for (let i = 0; i < reinitializations.length; i++) if (reinitializations.isLossAt(i) && reinitializations.listedAt(i) > 0) return true;
  return false;
}

/**
 * The longest gap after which a session was used again (since its previous use or its start). Of
 * equals, the first in the timeline's session order, then the first use, as the model reads. Read
 * in that order, not the owners': sessions that start close together were used close together, so
 * their uses' times lie close together in the request table (at 1 GiB, 2.0M reads of a time).
 */
function longestSurvivedGap(sessions: readonly Session[], uses: SessionUses) {
  let bestSession = -1;
  let bestUse = -1;
  let bestIdleMs = -Infinity;
  for (let i = 0; i < sessions.length; i++) {
    let previous = uses.startAt[i]!;
    for (let use = uses.firstUse(i), end = uses.endOfUses(i); use < end; use++) {
      const at = uses.atOf(use);
      const idleMs = at - previous;
      if (bestSession === -1 || idleMs > bestIdleMs) {
        bestSession = i;
        bestUse = use;
        bestIdleMs = idleMs;
      }
      previous = at;
    }
  }
  if (bestSession === -1) return null;
  const session = sessions[bestSession]!;
  return { sessionId: session.id, idleMs: bestIdleMs, ref: session.requests.at(bestUse - uses.firstUse(bestSession))!.ref };
}
