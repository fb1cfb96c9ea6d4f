import assert from "node:assert/strict";
import { test } from "node:test";
import type { TimelineEntry } from "../../src/report.js";
import { MAX_ALIVE_LISTED, reinitializationsOf } from "../../src/timeline/classified-columns.js";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { MAX_TIMELINE_ENTRIES, narrateTimeline } from "../../src/timeline/narrate.js";
import { NarratedInitializes } from "../../src/timeline/narrated-initializes.js";
import { call, initialize, request, response } from "../support/log-lines.js";
import { fromColumns, lossyLog, told } from "../support/narrated-initializes.js";
import { timelineTrailing } from "../support/trailing-walk.js";

/*
 * The narrative's initializes are told by an observer of the sweep (NarratedInitializes), which
 * keeps the first MAX_TIMELINE_ENTRIES, not read from the timeline's columns of every re-initialize.
 * Each test holds the entries against those columns, what the narrative read before.
 */

type Line = Record<string, unknown>;

test("an initialize's entry says what the timeline's re-initializes say, whatever the walk's lag", async () => {
  for (const seed of [1, 2, 3]) {
    const lines = lossyLog(seed);
    for (const lag of [Infinity, 1, 7]) {
      const timeline = await timelineTrailing(lines, lag);
      const expected = fromColumns(timeline);
      assert.ok(expected.some((r) => r.aliveCount > MAX_ALIVE_LISTED), "some loss names only the newest");
      assert.equal(new Set(expected.map((r) => r.kind)).size, 5);
      assert.deepEqual(told(narrateTimeline(timeline).entries), expected, `seed ${seed}, lag ${lag}`);
    }
  }
});

test("lines from two files, merged: each initialize's entry points at its own file's line", async () => {
  const lines = lossyLog(6).map((line, i) => ({ ...line, file: i % 3 === 0 ? "b.jsonl" : "a.jsonl" }));
  const timeline = await timelineTrailing(lines, 4);
  const refs = (entries: readonly TimelineEntry[]) => entries.flatMap((e) => (e.type === "initialize" ? [`${e.ref.file}:${e.ref.line}`] : []));
  const expected = [...reinitializationsOf(timeline)].map((r) => `${r.request.ref.file}:${r.request.ref.line}`);
  assert.ok(expected.some((r) => r.startsWith("a.jsonl")) && expected.some((r) => r.startsWith("b.jsonl")));
  const { entries } = narrateTimeline(timeline);
  assert.deepEqual(refs(entries), expected);
  assert.deepEqual(told(entries), fromColumns(timeline));
});

test("a filtered timeline's initializes are its own kept ones, each naming only the sessions kept (Tallies.replay)", async () => {
  const timeline = await timelineTrailing(lossyLog(4), 5);
  for (const filter of [
    { client: "b/1.0", session: null },
    { client: null, session: "s1" },
  ]) {
    const filtered = filterTimeline(timeline, filter);
    const expected = fromColumns(filtered);
    assert.ok(expected.length > 0 && expected.length < reinitializationsOf(timeline).length);
    assert.deepEqual(told(narrateTimeline(filtered).entries), expected, JSON.stringify(filter));
  }
  assert.deepEqual(told(narrateTimeline(timeline).entries), fromColumns(timeline), "the whole timeline's narrative is its own still");
});

/** `count` initializes of one client, none answered, each with an idle gap of its own (k + 1 ms before the kth, from 0). */
function initializesOnly(count: number): Line[] {
  const lines: Line[] = [];
  let t = 0;
  for (let k = 0; k < count; k++) lines.push(request((t += (k + 1) / 1000), null));
  return lines;
}

test("the initialize at index MAX_TIMELINE_ENTRIES - 1 is written with its own details, the ones after it counted", async () => {
  const timeline = await timelineTrailing(initializesOnly(MAX_TIMELINE_ENTRIES + 2), 3);
  const kept = timeline.tallies.of(NarratedInitializes);
  assert.equal(kept.count, MAX_TIMELINE_ENTRIES + 2);
  assert.equal(kept.rows.length, MAX_TIMELINE_ENTRIES, "no more than can be written are kept");
  const { entries, omitted } = narrateTimeline(timeline);
  assert.equal(omitted, 2);
  const last = entries.at(-1)!;
  assert.ok(last.type === "initialize");
  assert.deepEqual([last.ref.line, last.idleGapMs], [MAX_TIMELINE_ENTRIES, MAX_TIMELINE_ENTRIES]);
  assert.deepEqual(told(entries), fromColumns(timeline).slice(0, MAX_TIMELINE_ENTRIES));
});

test("entries before the initializes push them past the last place sooner: those after it are only counted", async () => {
  // A session's creation and a run ahead of them: the initialize at index MAX - 2 takes the last place.
  const lines = [...initialize(0, "A", 1, { ua: "a/1.0" }), ...call(0.5, "A", { ua: "a/1.0" }), ...initializesOnly(MAX_TIMELINE_ENTRIES)];
  const timeline = await timelineTrailing(lines, 2);
  const { entries, omitted } = narrateTimeline(timeline);
  assert.equal(entries.length, MAX_TIMELINE_ENTRIES);
  assert.equal(omitted, 3 + MAX_TIMELINE_ENTRIES - MAX_TIMELINE_ENTRIES);
  assert.deepEqual(told(entries), fromColumns(timeline).slice(0, MAX_TIMELINE_ENTRIES - 2));
});

/** A session-less request of unknown kind (pino logs no JSON-RPC body), to be answered with a new id: an inferred initialize. */
function unknownKind(t: number): Line {
  const line: Line = { ...request(t, null, { rpc: null }) };
  delete line.is_initialize;
  return line;
}

test("an initialize inferred from an answer the sweep came too late for is folded into its run, as the columns leave it out", async () => {
  const late = unknownKind(1);
  const filler = [...call(2, "A"), ...call(3, "A"), ...call(4, "A")];
  // The answer comes seven lines after its request: past the three lags of 1.
  const lines = [...initialize(0, "A", 1), late, ...filler, response(5, late, "B"), request(6, null), ...initialize(7, "C", 2)];
  const atEnd = await timelineTrailing(lines, Infinity);
  assert.equal(fromColumns(atEnd).length, 4, "inferred in time, it is one of the re-initializes");
  assert.deepEqual(told(narrateTimeline(atEnd).entries), fromColumns(atEnd));
  const trailing = await timelineTrailing(lines, 1);
  assert.ok(trailing.tallies.lateFacts > 0);
  assert.equal(trailing.requests.at(1)!.isInitialize, true, "the row says initialize, which the sweep did not see");
  const expected = fromColumns(trailing);
  assert.deepEqual(
    expected.map((r) => r.line),
    [1, 12, 13],
  );
  const { entries } = narrateTimeline(trailing);
  assert.deepEqual(told(entries), expected);
  assert.ok(entries.some((e) => e.type === "requests" && e.firstRef.line === 4 && e.count === 1));
});

test("past the kept ones, an initialize inferred too late is taken for a re-initialize, as if answered in time: only the count of entries moves, and the late fact is counted", async () => {
  const late = unknownKind(10.1);
  const list = (t: number) => request(t, null, { rpc: "tools/list" });
  // The 1001st initialize is counted, then list, late, list: one run where the columns say so.
  const lines = [...initializesOnly(MAX_TIMELINE_ENTRIES + 1), list(10), late, list(10.2), ...call(11, "A"), ...call(12, "A"), response(13, late, "B"), request(14, null)];
  const atEnd = await timelineTrailing(lines, Infinity);
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.equal(fromColumns(trailing).length, fromColumns(atEnd).length - 1, "the sweep missed it");
  const inTime = narrateTimeline(atEnd);
  const tooLate = narrateTimeline(trailing);
  assert.deepEqual(tooLate.entries, inTime.entries);
  // Counted: the 1001st, list, late, list, the calls, the last initialize. The columns would have
  // folded list, late, list into one run: 4.
  assert.deepEqual([inTime.omitted, tooLate.omitted], [6, 6]);
});
