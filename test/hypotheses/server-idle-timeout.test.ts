import assert from "node:assert/strict";
import { test } from "node:test";
import { formatSeconds } from "../../src/hypotheses/hypothesis.js";
import { serverIdleTimeout } from "../../src/hypotheses/server-idle-timeout.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import type { Timeline } from "../../src/timeline/model.js";
import type { LoggedRequest } from "../../src/timeline/records.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { lastUseBefore, randomSessionLog } from "../support/random-sessions.js";

/** Sessions born of a creation line ahead of the requests among them. */
const MIX = { initialize: 0.25, createdAhead: 0.05, close: 0.1 };

/** Every loss's named sessions' last uses, the slow way: the session by id, then its every request before the loss. */
function lastUses(timeline: Timeline): { loss: LoggedRequest; id: string; latest: number }[] {
  const byId = new Map([...timeline.sessions].map((s) => [s.id, s]));
  const found = [];
  for (const loss of reinitializationsOf(timeline)) {
    if (loss.kind !== "loss") continue;
    for (const id of loss.aliveSessions) {
      const session = byId.get(id)!;
      found.push({ loss: loss.request as LoggedRequest, id, latest: lastUseBefore(session, loss.request.seq) });
    }
  }
  return found;
}

test("server-idle-timeout names the loss and session the slow way finds", async () => {
  let tighter = 0;
  for (let round = 0; round < 20; round++) {
    const timeline = await timelineOf(randomSessionLog(round + 101, MIX));
    let best: { loss: LoggedRequest; id: string; idleMs: number } | null = null;
    for (const { loss, id, latest } of lastUses(timeline)) {
      const idleMs = loss.at - latest;
      if (best === null || idleMs < best.idleMs) best = { loss, id, idleMs };
    }
    const { evidence, reason } = serverIdleTimeout.decide(timeline);
    assert.ok(best);
    assert.deepEqual(evidence.at(-1), best.loss.ref);
    assert.match(reason, new RegExp(`session ${best.id.slice(0, 8)} was dropped after ${formatSeconds(best.idleMs).replace(".", "\\.")}|\\(${formatSeconds(best.idleMs).replace(".", "\\.")}\\)`));
    if (best.idleMs < 1000) tighter++;
  }
  assert.ok(tighter > 0);
});
