import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { TALLIES } from "../../src/tallies.js";
import { buildTimeline } from "../../src/timeline/build-timeline.js";
import type { TimelineFilter } from "../../src/timeline/filter-timeline.js";
import type { ReinitializeKind } from "../../src/timeline/model.js";
import type { NamedWindow } from "../../src/timeline/named-sessions.js";
import type { LoggedRequest } from "../../src/timeline/records.js";
import type { WalkObserver } from "../../src/timeline/walk-feed.js";
import { FILE } from "../support/analyzer-tester.js";
import { call, closed, created, initialize } from "../support/log-lines.js";
import { seededRandom } from "../support/seeded-random.js";

type Line = Record<string, unknown>;

/**
 * For each loss told, the sessions its window marks as named before (NamedWindow.namedBefore) that
 * no loss of its client told before it named: none, if the sweep marks them right.
 */
class NamedBeforeChecked implements WalkObserver {
  /** By client: the positions of the sessions its losses told so far named. */
  private readonly named = new Map<number, Set<number>>();
  unnamed = 0;
  marked = 0;
  losses = 0;

  reinitialization(_request: LoggedRequest, client: number, kind: ReinitializeKind, _aliveCount: number, _idleGapMs: number | null, _index: number, window: NamedWindow) {
    if (kind !== "loss") {
      assert.equal(window.namedFrom, window.namedTo);
      return;
    }
    this.losses++;
    const named = this.named.get(client) ?? new Set<number>();
    assert.ok(window.namedFrom >= 0 && window.namedFrom <= window.namedTo && window.namedTo <= window.count);
    for (let k = window.namedFrom; k < window.namedTo; k++) {
      this.marked++;
      if (!named.has(window.positionAt(k))) this.unnamed++;
    }
    for (let k = 0; k < window.count; k++) named.add(window.positionAt(k));
    this.named.set(client, named);
  }
}

/**
 * Two clients piling up sessions they start over without ending (past a list's first room and 64
 * entries), then the server closing most of them, so that their lists are written anew, in place
 * or in a new region, between their losses; sessions announced by a creation line before the
 * client uses them get an owner, and some of one client's sessions answer the other's initializes.
 */
function pilingLog(seed: number): Line[] {
  const { next, int } = seededRandom(seed);
  const lines: Line[] = [];
  const alive: string[][] = [[], []];
  let t = 0;
  for (let step = 0; step < 900; step++) {
    t += next() * 2;
    const client = int(2);
    const ua = { ua: `client${client}/1.0` };
    const mine = alive[client]!;
    const piling = Math.floor(step / 150) % 2 === 0;
    const roll = next();
    if (mine.length === 0 || roll < (piling ? 0.7 : 0.2)) {
      const sid = `s${seed}-${step}`;
      lines.push(...initialize(t, sid, null, ua));
      mine.push(sid);
    } else if (roll < 0.8) {
      lines.push(closed(t, mine.splice(int(mine.length), 1)[0]!));
    } else if (roll < 0.83) {
      const sid = `c${seed}-${step}`;
      lines.push(created(t, sid), ...call(t + 0.1, sid, ua));
      mine.push(sid);
    } else if (roll < 0.86 && alive[1 - client]!.length > 0) {
      // The other client's session answers this one's initialize: it changes owner.
      const theirs = alive[1 - client]!;
      const sid = theirs.splice(int(theirs.length), 1)[0]!;
      lines.push(...initialize(t, sid, null, ua));
      mine.push(sid);
    } else {
      lines.push(...call(t, mine[int(mine.length)]!, ua));
    }
  }
  return lines;
}

async function timelineOf(lines: readonly Line[], walkLag: number, filter: TimelineFilter | undefined) {
  async function* oneByOne(): AsyncGenerator<Event[]> {
    for (const [i, line] of lines.entries()) {
      const result = parseEventsLine(JSON.stringify(line), { file: FILE, line: i + 1 });
      if (result.type === "event") yield [result.event];
    }
  }
  return buildTimeline(oneByOne(), { batchGapMs: 2000, walkLag, tallies: [...TALLIES, NamedBeforeChecked], reinitializationsFor: filter });
}

test("a loss's sessions marked as named before were named by a loss of its client told before, its list kept or not, written anew or not", async () => {
  for (const seed of [1, 2, 3]) {
    const lines = pilingLog(seed);
    // Undefined: every loss kept (AliveLists' regions a loss named are never written over); no
    // filter: none kept, a list written anew in place under the windows told.
    for (const filter of [undefined, { client: null, session: null }, { client: "client1", session: null }]) {
      for (const lag of [1, 7, Infinity]) {
        const checked = (await timelineOf(lines, lag, filter)).tallies.of(NamedBeforeChecked);
        const where = `seed ${seed}, lag ${lag}, ${JSON.stringify(filter)}`;
        assert.equal(checked.unnamed, 0, where);
        // Else the test would prove little: most of the losses' sessions are marked.
        assert.ok(checked.losses > 200 && checked.marked > 3 * checked.losses, `${where}: ${checked.marked} of ${checked.losses} losses`);
      }
    }
  }
});
