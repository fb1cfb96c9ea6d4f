import assert from "node:assert/strict";
import { test } from "node:test";
import { findUsedAfterStreamClosed } from "../../src/hypotheses/used-after-stream-closed.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { Timeline } from "../../src/timeline/model.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { call, disconnected, initialize } from "../support/log-lines.js";
import { randomSessionLog } from "../support/random-sessions.js";
import { seededRandom } from "../support/seeded-random.js";
import { timelineTrailing } from "../support/trailing-walk.js";

type Line = Record<string, unknown>;

/** Session by session, every request against the first closure's record: what the rule read before. */
function readSessionBySession(timeline: Timeline) {
  let count = 0;
  let first: string | null = null;
  for (const session of timeline.sessions) {
    const closure = (session as LoggedSession).firstStreamClosure;
    if (!closure || ![...session.requests].some((r) => r.seq > closure.seq)) continue;
    first ??= session.id;
    count++;
  }
  return { count, first };
}

const found = (timeline: Timeline) => {
  const { count, first } = findUsedAfterStreamClosed(timeline.sessions);
  return { count, first: first?.id ?? null };
};

/** A random log of three clients, with now and then a closure of a session met so far, or of an id no session has. */
function randomLogWithClosures(seed: number): Line[] {
  const random = seededRandom(seed * 17).next;
  const ids: string[] = [];
  const lines: Line[] = [];
  for (const line of randomSessionLog(seed, { initialize: 0.3, createdAhead: 0.05, close: 0.05 })) {
    lines.push(line);
    if (line.event === "session_created") ids.push(line.session_id as string);
    if (ids.length > 0 && random() < 0.15) {
      const sid = random() < 0.1 ? `unknown-${lines.length}` : ids[Math.floor(random() * ids.length)]!;
      lines.push({ ...disconnected(0, sid, 100), timestamp: line.timestamp });
    }
  }
  return lines;
}

test("the sessions used after their stream closed, and the first of them, are what reading session by session gave, filtered or not, at any lag", async () => {
  const counts = new Set<number>();
  for (const seed of [7, 8, 9]) {
    const lines = randomLogWithClosures(seed);
    for (const lag of [1, Infinity]) {
      const timeline = await timelineTrailing(lines, lag);
      const expected = readSessionBySession(timeline);
      counts.add(expected.count);
      assert.deepEqual(found(timeline), expected, `seed ${seed}, lag ${lag}`);
      for (const client of ["client0", "client1", "client2"]) {
        const filtered = filterTimeline(timeline, { client, session: null });
        assert.deepEqual(found(filtered), readSessionBySession(filtered), `seed ${seed}, lag ${lag}, --client ${client}`);
      }
      const session = [...timeline.sessions].at(-1)!.id;
      const filtered = filterTimeline(timeline, { client: null, session });
      assert.deepEqual(found(filtered), readSessionBySession(filtered), `seed ${seed}, lag ${lag}, --session ${session}`);
    }
  }
  // Else the comparison would prove little: some logs with several such sessions.
  assert.ok([...counts].some((count) => count > 3), `counts ${[...counts]}`);
});

test("the first is first in the timeline's order of sessions, not of their last requests", async () => {
  const timeline = await timelineOf([
    ...initialize(0, "A", 1),
    ...initialize(1, "B", 2),
    disconnected(2, "A", 100),
    disconnected(3, "B", 100),
    ...call(4, "B"),
    ...call(5, "A"),
    ...initialize(6, "C", 3),
    disconnected(7, "C", 100),
  ]);
  const { count, first } = findUsedAfterStreamClosed(timeline.sessions);
  assert.equal(count, 2);
  assert.equal(first?.id, "A");
});

test("a closure before its id's session was seen is none of the session's; a request between a session's closures uses it after the first", async () => {
  const timeline = await timelineOf([
    disconnected(0, "A", 100),
    ...initialize(1, "A", 1),
    ...call(2, "A"),
    ...initialize(3, "B", 2),
    disconnected(4, "B", 100),
    ...call(5, "B"),
    disconnected(6, "B", 100),
    ...initialize(7, "C", 3),
    ...call(8, "C"),
    disconnected(9, "C", 100),
    disconnected(10, "C", 100),
  ]);
  assert.deepEqual(found(timeline), { count: 1, first: "B" });
  assert.deepEqual(found(timeline), readSessionBySession(timeline));
});

test("the first is the first session in the timeline's order whatever block of the request table its last request lies in", async () => {
  // More requests between the two reuses than a block of the table holds (16,384 rows): A's last
  // request is in the first block, B's in a later one, and C's fill the blocks between.
  const filler = Array.from({ length: 17_000 }, (_, i) => call(5 + i / 1000, "C")).flat();
  for (const [early, late] of [["A", "B"], ["B", "A"]] as const) {
    const timeline = await timelineOf([
      ...initialize(0, "A", 1),
      ...initialize(1, "B", 2),
      ...initialize(2, "C", 3),
      disconnected(3, "A", 100),
      disconnected(4, "B", 100),
      ...call(4.5, early),
      ...filler,
      ...call(30, late),
    ]);
    const { count, first } = findUsedAfterStreamClosed(timeline.sessions);
    assert.equal(count, 2, `${early} then ${late}`);
    assert.equal(first?.id, "A", `${early} then ${late}`);
  }
});
