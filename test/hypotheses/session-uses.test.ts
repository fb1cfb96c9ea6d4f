import assert from "node:assert/strict";
import { test } from "node:test";
import { SessionUses, type OwnerWalk } from "../../src/hypotheses/session-uses.js";
import { AliveNames, reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { Timeline } from "../../src/timeline/model.js";
import type { LoggedRequest } from "../../src/timeline/records.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { lastUseBefore, randomSessionLog } from "../support/random-sessions.js";
import { call, closed, initialize } from "../support/log-lines.js";
import { groupRowsBySession } from "../../src/timeline/group-by-session.js";
import { Int32Column } from "../../src/timeline/int-column.js";
import { LineTable } from "../../src/timeline/line-table.js";
import { SessionTable } from "../../src/timeline/logged-session.js";
import { RequestTable } from "../../src/timeline/records.js";
import { RowList } from "../../src/timeline/request-list.js";

type Lines = Record<string, unknown>[];

/** What SessionUses answers by walking, asked the slow way: the session by id, then every request before the loss. */
function checkEveryLoss(timeline: Timeline, backwards = false) {
  const uses = new SessionUses(timeline);
  const walks = new Map<number, OwnerWalk>();
  let asked = 0;
  const reinitializations = reinitializationsOf(timeline);
  for (let k = 0; k < reinitializations.length; k++) {
    const i = backwards ? reinitializations.length - 1 - k : k;
    const loss = reinitializations.at(i)!;
    if (loss.kind !== "loss") continue;
    const client = (loss.request as LoggedRequest).clientCode;
    if (!walks.has(client)) walks.set(client, uses.walkOwner(client));
    const found = [...walks.get(client)!.findAlive(new AliveNames().read(reinitializations, i), loss.request.seq, new Int32Array(1)).subarray(0, loss.aliveSessions.length)];
    assert.deepEqual(found.map((p) => timeline.sessions[uses.sessionAt[p]!]!.id), loss.aliveSessions);
    for (const p of found) {
      const session = timeline.sessions[uses.sessionAt[p]!]!;
      assert.equal(uses.lastUseBefore(p, (loss.request as LoggedRequest).row), lastUseBefore(session, loss.request.seq));
      asked++;
    }
  }
  return asked;
}

test("the alive sessions and their last uses of random logs, as the slow way finds them", async () => {
  for (let round = 0; round < 20; round++) {
    const lines = randomSessionLog(round + 7, { initialize: 0.3, createdAhead: 0, close: 0.15 });
    const timeline = await timelineOf(lines);
    assert.ok(checkEveryLoss(timeline) > 0);
    // Asked out of log order, the walks start over and still answer right.
    checkEveryLoss(timeline, true);
    // A filtered timeline keeps some of the sessions, each with its uses.
    checkEveryLoss(filterTimeline(timeline, { client: "client1", session: null }));
  }
});

test("an old alive session behind more ended sessions than the walk passes is still found", async () => {
  // Another client's session first, so that the old one's position is not 0.
  const lines: Lines = [...initialize(-1, "elsewhere", null, { ua: "other" }), ...initialize(0, "old", null)];
  for (let i = 0; i < 100; i++) lines.push(...initialize(10 + i, `s${i}`, null), closed(10.5 + i, `s${i}`));
  lines.push(...call(200, "old"), ...initialize(300, "new", null));
  assert.equal(checkEveryLoss(await timelineOf(lines)), 101);
});

test("AliveNames reads a loss's names as its aliveSessions lists them, a filtered timeline's kept loss too", async () => {
  // More alive than a loss lists: the names are a window of the client's shared list.
  const lines: Lines = [];
  for (let i = 0; i < 30; i++) lines.push(...initialize(i, `s${i}`, null));
  const timeline = await timelineOf(lines);
  const filtered = filterTimeline(timeline, { client: null, session: "s2" });
  const names = new AliveNames();
  let losses = 0;
  for (const model of [timeline, filtered]) {
    const reinitializations = reinitializationsOf(model);
    let pastListed = false;
    for (let i = 0; i < reinitializations.length; i++) {
      const loss = reinitializations.at(i)!;
      if (loss.kind !== "loss") continue;
      losses++;
      pastListed ||= loss.aliveCount > loss.aliveSessions.length;
      const { ids, from, to } = names.read(reinitializations, i);
      assert.deepEqual(ids.slice(from, to), loss.aliveSessions);
      assert.deepEqual(reinitializations.aliveSessionsAt(i), loss.aliveSessions);
      // The filter keeps only the sessions kept, and counts the others it drops out of the alive ones.
      if (model === filtered) assert.ok(loss.aliveSessions.every((id) => id.startsWith("s2")));
    }
    // Filtered too: a loss may name fewer than MAX_ALIVE_LISTED while more were alive.
    assert.ok(pastListed);
  }
  assert.ok(losses > 30, `${losses} losses`);
});

test("a session's uses and latest use are kept in two bytes up to 65,534 uses, in four past them, and answer the same", async () => {
  for (const uses of [0xfffe, 0xffff]) {
    const lines: Lines = [...initialize(0, "old", null)];
    // Times step back: the latest use before each loss is not the last one.
    for (let i = 0; i < uses; i++) lines.push(...call(1 + (i === uses - 2 ? 2 * uses : i / 1000), "old"));
    lines.push(...initialize(3 * uses, "new", null), ...initialize(3 * uses + 1, "newer", null));
    const timeline = await timelineOf(lines);
    assert.equal(checkEveryLoss(timeline), 3);
    const reached = (new SessionUses(timeline) as unknown as { reached: Uint16Array | Int32Array }).reached;
    assert.equal(reached instanceof Int32Array, uses === 0xffff);
  }
});

test("a session's start past what four bytes hold is kept as it is for the walks", () => {
  const requests = new RequestTable();
  const { strings } = requests;
  const sessions = new SessionTable(requests, new LineTable(strings), new LineTable(strings));
  const client = strings.code("client");
  const seqs = [5, 2 ** 32 + 5, 2 ** 32 + 7];
  const made = seqs.map((seq, i) => {
    const session = sessions.add(strings.code(`s${i}`), seq, 1000 + i, 1, strings.code("f"));
    sessions.ownAt(i, client);
    return session;
  });
  sessions.holdRequests(groupRowsBySession(new Int32Column(), made.length));
  const timeline = { sessions: made, requests: new RowList(requests, null, 0, 0) } as unknown as Timeline;
  const walk = new SessionUses(timeline).walkOwner(client);
  // Alive at a loss at 2^32 + 6: found from the sessions started before it (in a Uint32Array, 2^32 + 7 would read 7, before it).
  const found = walk.findAlive({ ids: ["s0", "s1"], from: 0, to: 2 } as unknown as AliveNames, 2 ** 32 + 6, new Int32Array(2));
  assert.deepEqual([...found], [0, 1]);
  const positionStartSeq = (new SessionUses(timeline) as unknown as { positionStartSeq: Uint32Array | Float64Array }).positionStartSeq;
  assert.ok(positionStartSeq instanceof Float64Array);
});
