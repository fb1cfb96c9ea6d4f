import type { TimelineEntry } from "../../src/report.js";
import { reinitializationsOf } from "../../src/timeline/classified-columns.js";
import type { Timeline } from "../../src/timeline/model.js";
import { call, closed, initialize, request, started } from "./log-lines.js";
import { seededInts } from "./seeded-random.js";

/*
 * The narrative's initialize entries (narrate.ts), held against the timeline's columns of every
 * re-initialize, which the narrative read before an observer of the sweep told it.
 */

type Line = Record<string, unknown>;

/** The initialize entries as the timeline's re-initializes say they would be, in log order. */
export function fromColumns(timeline: Timeline) {
  return [...reinitializationsOf(timeline)].map((r) => ({
    line: r.request.ref.line,
    client: r.request.clientKey,
    kind: r.kind,
    aliveSessions: [...r.aliveSessions],
    aliveCount: r.aliveCount,
    idleGapMs: r.idleGapMs,
  }));
}

export function told(entries: readonly TimelineEntry[]) {
  return entries.flatMap((e) => (e.type === "initialize" ? [{ line: e.ref.line, client: e.client, kind: e.kind, aliveSessions: e.aliveSessions, aliveCount: e.aliveCount, idleGapMs: e.idleGapMs }] : []));
}

/** A seeded log of three clients that start sessions and mostly leave them alive, so that losses name MAX_ALIVE_LISTED of more, with deletes, 404s and a restart now and then. */
export function lossyLog(seed: number): Line[] {
  const random = seededInts(seed);
  const agents = ["a/1.0", "b/1.0", "c/1.0"];
  const open = new Map<string, string[]>(agents.map((ua) => [ua, []]));
  // Every kind once ahead of the random part, which makes mostly losses.
  const d = { ua: "d/1.0" };
  const lines: Line[] = [...initialize(0, "X", null, d), ...call(0.1, "X", d, 404), ...initialize(0.2, "Y", null, d), closed(0.3, "Y"), ...initialize(0.4, "Z", null, d), started(0.5, 0)];
  lines.push(...initialize(0.6, "W", null, d));
  let next = 0;
  for (let t = 1; t < 400; t++) {
    const ua = agents[random(3)]!;
    const mine = open.get(ua)!;
    const action = mine.length === 0 ? 0 : random(24);
    if (action < 11) {
      const sid = `s${next++}`;
      lines.push(...initialize(t, sid, null, { ua }));
      mine.push(sid);
    } else if (action < 18) {
      lines.push(...call(t, mine[random(mine.length)]!, { ua }));
    } else if (action === 18) {
      lines.push(closed(t, mine.splice(random(mine.length), 1)[0]!));
    } else if (action === 19) {
      lines.push(...call(t, mine.splice(random(mine.length), 1)[0]!, { ua }, 404));
    } else if (action === 20 && random(20) === 0) {
      lines.push(started(t, t));
      for (const list of open.values()) list.length = 0;
    } else {
      // A session-less request that is no initialize: never classified, folded into a run.
      lines.push(request(t, null, { ua, rpc: "tools/list" }));
    }
  }
  return lines;
}

