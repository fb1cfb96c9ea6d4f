import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { analyzeLog } from "../../src/analyze.js";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { TALLIES } from "../../src/tallies.js";
import { buildTimeline } from "../../src/timeline/build-timeline.js";
import { filterTimeline, type TimelineFilter } from "../../src/timeline/filter-timeline.js";
import { MAX_ALIVE_LISTED, reinitializationsOf } from "../../src/timeline/classified-columns.js";
import type { Reinitialization, ReinitializeKind, Session, Timeline } from "../../src/timeline/model.js";
import type { UnkeptReinitializations } from "../../src/timeline/unkept-reinitializations.js";
import type { LoggedSession } from "../../src/timeline/logged-session.js";
import type { LoggedRequest } from "../../src/timeline/records.js";
import type { NamedWindow } from "../../src/timeline/named-sessions.js";
import type { RowList } from "../../src/timeline/request-list.js";
import type { WalkObserver } from "../../src/timeline/walk-feed.js";
import { FILE, timelineOf } from "../support/analyzer-tester.js";
import { call, closed, created, initialize, request, response, started } from "../support/log-lines.js";
import { timelineTrailing } from "../support/trailing-walk.js";
import { seededInts } from "../support/seeded-random.js";

type Line = Record<string, unknown>;

/** A seeded log of two clients that start sessions, use, delete, lose (404) and are closed out of them, in random order. */
function randomLog(seed: number): Line[] {
  const random = seededInts(seed);
  const lines: Line[] = [];
  const open = new Map<string, string[]>([
    ["a/1.0", []],
    ["b/1.0", []],
  ]);
  let next = 0;
  for (let t = 0; t < 600; t++) {
    const ua = random(3) === 0 ? "b/1.0" : "a/1.0";
    const mine = open.get(ua)!;
    const pick = () => mine.splice(random(mine.length), 1)[0]!;
    const action = mine.length === 0 ? 0 : random(10);
    if (action < 4) {
      const sid = `s${next++}`;
      lines.push(...initialize(t, sid, null, { ua }));
      mine.push(sid);
    } else if (action < 6) {
      lines.push(...call(t, mine[random(mine.length)]!, { ua }));
    } else if (action === 6) {
      const req = request(t, pick(), { ua, method: "DELETE", rpc: null });
      lines.push(req, response(t + 0.05, req, req.mcp_session_id as string));
    } else if (action === 7) {
      lines.push(closed(t, pick()));
    } else if (action === 8) {
      lines.push(...call(t, pick(), { ua }, 404));
    } else {
      // A bare initialize: the client starts over while its sessions live on.
      lines.push(request(t, null, { ua }));
    }
  }
  return lines;
}

/** What the classification decides, the slow way: every session of the client looked at for every initialize. */
function classifySlowly(timeline: Timeline) {
  const decided: { seq: number; kind: ReinitializeKind; aliveSessions: string[]; aliveCount: number; idleGapMs: number | null }[] = [];
  const abandoned: Session[] = [];
  const byStart = (list: Session[]) => [...list].sort((x, y) => x.startSeq - y.startSeq);
  const byEnd = (list: Session[]) => [...list].sort((x, y) => x.end!.seq - y.end!.seq);
  for (const client of timeline.clients) {
    const mine = [...timeline.sessions].filter((s) => s.owner === client.key);
    let previousLoss = -Infinity;
    const requests = [...client.requests];
    for (const [k, r] of requests.entries()) {
      if (r.sessionId !== null || r.isInitialize !== true) continue;
      const idleGapMs = k === 0 ? null : r.at - requests[k - 1]!.at;
      const alive = byStart(mine.filter((s) => s.startSeq < r.seq && (s.end === null || s.end.seq > r.seq)));
      if (alive.length > 0) {
        decided.push({ seq: r.seq, kind: "loss", aliveSessions: alive.slice(-MAX_ALIVE_LISTED).map((s) => s.id), aliveCount: alive.length, idleGapMs });
        abandoned.push(...alive.filter((s) => s.startSeq >= previousLoss));
        previousLoss = r.seq;
        continue;
      }
      const lastEnded = byEnd(mine.filter((s) => s.end !== null && s.end.seq <= r.seq)).at(-1);
      const kind = !lastEnded ? "first" : lastEnded.end!.kind === "restart" ? "after-restart" : lastEnded.end!.kind === "not-found" ? "after-not-found" : "after-end";
      decided.push({ seq: r.seq, kind, aliveSessions: [], aliveCount: 0, idleGapMs });
    }
  }
  // In the order of their start, equal ones in the sessions' order.
  const inStartOrder = [...timeline.sessions].filter((s) => abandoned.some((a) => a.id === s.id)).sort((x, y) => x.startSeq - y.startSeq);
  return { reinitializations: decided.sort((x, y) => x.seq - y.seq), abandoned: inStartOrder };
}

test("re-initializes are classified as every session of the client, looked at one by one, says", async () => {
  let losses = 0;
  let pastListed = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const timeline = await timelineOf(randomLog(seed));
    const slow = classifySlowly(timeline);
    assert.deepEqual(
      [...timeline.reinitializations].map((r) => ({ seq: r.request.seq, kind: r.kind, aliveSessions: r.aliveSessions, aliveCount: r.aliveCount, idleGapMs: r.idleGapMs })),
      slow.reinitializations,
    );
    assert.deepEqual(
      [...timeline.abandonedSessions].map((s) => s.id),
      slow.abandoned.map((s) => s.id),
    );
    losses += slow.reinitializations.filter((r) => r.kind === "loss").length;
    pastListed += [...timeline.reinitializations].filter((r) => r.aliveCount > MAX_ALIVE_LISTED).length;
  }
  // The logs exercise what they are for: many losses, some naming only the newest of many alive sessions.
  assert.ok(losses > 200 && pastListed > 20, `${losses} losses, ${pastListed} past the listed`);
});

test("abandoned sessions come in the order of their start where the sessions' order is not it", async () => {
  // Each session is made at its response, the later initialize's first, and started at its initialize.
  const first = request(0, null, { ua: "a/1.0" });
  const second = request(1, null, { ua: "a/1.0" });
  const log = [first, second, response(2, second, "s-second"), response(3, first, "s-first"), ...call(4, "s-first", { ua: "a/1.0" }), request(10, null, { ua: "a/1.0" })];
  const timeline = await timelineOf(log);
  assert.deepEqual(
    [...timeline.sessions].map((s) => s.id),
    ["s-second", "s-first"],
  );
  assert.deepEqual(
    [...timeline.abandonedSessions].map((s) => s.id),
    ["s-first", "s-second"],
  );
  assert.deepEqual(
    [...timeline.reinitializations].map((r) => [r.kind, r.aliveSessions]),
    [["first", []], ["loss", ["s-first"]], ["loss", ["s-first", "s-second"]]],
  );
});


const readOut = (timeline: Timeline) => ({
  reinitializations: [...timeline.reinitializations].map((r) => ({ seq: r.request.seq, kind: r.kind, aliveSessions: r.aliveSessions, aliveCount: r.aliveCount, idleGapMs: r.idleGapMs })),
  abandoned: [...timeline.abandonedSessions].map((s) => s.id),
});

test("the sweep a few events behind the reading decides what every session of the client, looked at one by one, says", async () => {
  for (const seed of [7, 8]) {
    const lines = randomLog(seed);
    for (const lag of [1, 3, 40]) {
      const timeline = await timelineTrailing(lines, lag);
      // Sessions are claimed by the line after their initialize: no fact reaches behind the sweep.
      assert.equal(timeline.tallies.lateFacts, 0, `seed ${seed}, lag ${lag}`);
      const slow = classifySlowly(timeline);
      assert.deepEqual(readOut(timeline), { reinitializations: slow.reinitializations, abandoned: slow.abandoned.map((s) => s.id) }, `seed ${seed}, lag ${lag}`);
    }
  }
});

/** What an observer of re-initializes is told, as told. */
class ToldReinitializations implements WalkObserver {
  readonly told: unknown[] = [];

  reinitialization(request: LoggedRequest, client: number, kind: ReinitializeKind, aliveCount: number, idleGapMs: number | null, index: number, named: NamedWindow) {
    const aliveSessions: string[] = [];
    for (let k = 0; k < named.count; k++) {
      aliveSessions.push(named.sessionAt(k).id);
      // IdleBeforeLoss finds a named session's latest use by its position, as the ordinal the requests hook gave.
      assert.equal(named.positionAt(k), (named.sessionAt(k) as LoggedSession).ordinal);
    }
    this.told.push({ seq: request.seq, client, kind, aliveCount, idleGapMs, index, aliveSessions });
  }
}

test("observers are told each re-initialize once, in log order, as the timeline lists it, in the walk or at its end", async () => {
  const lines = randomLog(9);
  for (const lag of [2, Infinity]) {
    const timeline = await timelineTrailing(lines, lag, [...TALLIES, ToldReinitializations]);
    const listed = [...timeline.reinitializations].map((r, index) => ({
      seq: r.request.seq,
      client: timeline.tallies.positionOf(timeline.clients.find((c) => c.key === r.request.clientKey)!),
      kind: r.kind,
      aliveCount: r.aliveCount,
      idleGapMs: r.idleGapMs,
      index,
      aliveSessions: r.aliveSessions,
    }));
    assert.ok(listed.some((r) => r.client === 1) && listed.some((r) => r.aliveSessions.length > 1));
    assert.deepEqual(timeline.tallies.of(ToldReinitializations).told, listed, `lag ${lag}`);
  }
});

test("a restart the server logs, or its count shows, is before the initializes after it, decided in the walk", async () => {
  const lines = [
    ...initialize(0, "A", 1),
    ...call(1, "A"),
    started(2, 7),
    ...initialize(3, "B", 1),
    ...initialize(4, "C", 2),
    // The count says B and C are gone: a restart before the initialize of D.
    ...initialize(5, "D", 1),
    ...call(6, "D"),
    ...call(7, "D"),
    ...call(8, "D"),
    ...initialize(9, "E", 2),
  ];
  const atEnd = await timelineTrailing(lines, Infinity);
  assert.deepEqual(
    readOut(atEnd).reinitializations.map((r) => r.kind),
    ["first", "after-restart", "loss", "after-restart", "loss"],
  );
  for (const lag of [1, 2, 5]) {
    const trailing = await timelineTrailing(lines, lag);
    assert.equal(trailing.tallies.lateFacts, 0, `lag ${lag}`);
    assert.deepEqual(readOut(trailing), readOut(atEnd), `lag ${lag}`);
  }
});

test("an owner first noted after the sweep passed the initialize it concerns is a late fact", async () => {
  // S's creation claims no initialize (none before it): S has no owner until a's request uses it.
  const lines = [created(0, "S"), request(1, null, { ua: "a/1.0" }), ...initialize(2, "B", null, { ua: "b/1.0" }), ...call(3, "B", { ua: "b/1.0" }), ...call(4, "B", { ua: "b/1.0" }), ...call(5, "S", { ua: "a/1.0" })];
  const atEnd = await timelineTrailing(lines, Infinity);
  assert.equal(atEnd.tallies.lateFacts, 0);
  assert.deepEqual(
    readOut(atEnd).reinitializations.map((r) => [r.seq, r.kind, r.aliveSessions]),
    [
      [1, "loss", ["S"]],
      [2, "first", []],
    ],
  );
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.deepEqual(
    readOut(trailing).reinitializations.map((r) => [r.seq, r.kind]),
    [
      [1, "first"],
      [2, "first"],
    ],
  );
  // What the sweep had not reached yet is decided with the owner known: a's next initialize loses S.
  const later = await timelineTrailing([...lines, request(6, null, { ua: "a/1.0" })], 1);
  assert.deepEqual(readOut(later).reinitializations.at(-1), { seq: 11, kind: "loss", aliveSessions: ["S"], aliveCount: 1, idleGapMs: 1000 });
});

test("a session_created line that claims an initialize the sweep passed is one late fact, with the restart its count shows", async () => {
  const x = request(0, null, { ua: "a/1.0" });
  const filler = [...initialize(2, "B", null, { ua: "b/1.0" }), ...call(3, "B", { ua: "b/1.0" }), ...call(4, "B", { ua: "b/1.0" })];
  // C's line claims x, the latest initialize no line or answer claimed: C started at x, a's.
  const lines = [x, ...initialize(1, "A2", null, { ua: "a/1.0" }), ...filler, created(5, "C")];
  const atEnd = await timelineTrailing(lines, Infinity);
  assert.deepEqual(
    readOut(atEnd).reinitializations.map((r) => [r.seq, r.kind, r.aliveSessions]),
    [
      [0, "first", []],
      [1, "loss", ["C"]],
      [4, "first", []],
    ],
  );
  const trailing = await timelineTrailing(lines, 1);
  assert.equal(trailing.tallies.lateFacts, 1);
  assert.equal(readOut(trailing).reinitializations[1]!.kind, "first");
  // Its count (one alive) also shows a restart at x, which wipes A2 and B: the same line, one fact.
  const counted = await timelineTrailing([...lines.slice(0, -1), created(5, "C", 1)], 1);
  assert.deepEqual([counted.restarts.map((r) => r.seq), counted.tallies.lateFacts], [[0], 1]);
});

test("a filtered timeline's observers of re-initializes are told its own, kept ones, again (Tallies.replay)", async () => {
  const timeline = await timelineTrailing(randomLog(10), 3, [...TALLIES, ToldReinitializations]);
  const keptRows = new Uint8Array(timeline.requests.length);
  for (const r of timeline.requests) if (r.clientKey.startsWith("b/1.0")) keptRows[(r as LoggedRequest).row] = 1;
  const keptIds = new Set([...timeline.sessions].filter((s) => s.owner?.startsWith("b/1.0")).map((s) => s.id));
  const kept = reinitializationsOf(timeline).keep(keptRows, keptIds);
  const replayed = timeline.tallies.replay(timeline.requests as RowList, keptRows, () => null, kept);
  const told = replayed.of(ToldReinitializations).told as { seq: number; kind: string; aliveCount: number; index: number; aliveSessions: string[] }[];
  assert.ok(told.length > 0 && told.length < timeline.reinitializations.length);
  assert.deepEqual(
    told.map((r) => [r.seq, r.kind, r.aliveCount, r.index, r.aliveSessions]),
    [...kept].map((r, i) => [r.request.seq, r.kind, r.aliveCount, i, r.aliveSessions]),
  );
  // The unfiltered timeline's observer is left as it was.
  assert.equal(timeline.tallies.of(ToldReinitializations).told.length, timeline.reinitializations.length);
});

test("filterTimeline (--client, --session) tells the observers of re-initializes the filtered timeline's own", async () => {
  const timeline = await timelineTrailing(randomLog(10), 3, [...TALLIES, ToldReinitializations]);
  const someSession = [...timeline.sessions].find((s) => s.owner?.startsWith("a/1.0"))!.id;
  for (const filter of [
    { client: "b/1.0", session: null },
    { client: null, session: someSession },
  ]) {
    const filtered = filterTimeline(timeline, filter);
    const told = filtered.tallies.of(ToldReinitializations).told as { seq: number; kind: string; aliveCount: number; index: number; aliveSessions: string[] }[];
    assert.ok(filtered.reinitializations.length > 0 && filtered.reinitializations.length < timeline.reinitializations.length, JSON.stringify(filter));
    assert.deepEqual(
      told.map((r) => [r.seq, r.kind, r.aliveCount, r.index, r.aliveSessions]),
      [...filtered.reinitializations].map((r, i) => [r.request.seq, r.kind, r.aliveCount, i, r.aliveSessions]),
      JSON.stringify(filter),
    );
  }
});

/** As timelineTrailing, with an observer of re-initializes, the timeline keeping only those `filter` may keep (TimelineOptions.reinitializationsFor); `filter` undefined: all. */
async function timelineKeeping(lines: readonly Line[], walkLag: number, filter: TimelineFilter | undefined): Promise<Timeline> {
  async function* oneByOne(): AsyncGenerator<Event[]> {
    for (const [i, line] of lines.entries()) {
      const result = parseEventsLine(JSON.stringify(line), { file: FILE, line: i + 1 });
      if (result.type === "event") yield [result.event];
    }
  }
  return buildTimeline(oneByOne(), { batchGapMs: 2000, walkLag, tallies: [...TALLIES, ToldReinitializations], reinitializationsFor: filter });
}

/** The bytes of the typed arrays a model holds, each counted once. */
function typedBytes(root: unknown): number {
  const seen = new Set<unknown>();
  let bytes = 0;
  const visit = (value: unknown) => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (value instanceof Map) for (const [k, v] of value) (visit(k), visit(v));
    else if (value instanceof Set) for (const v of value) visit(v);
    else for (const v of Object.values(value)) visit(v);
  };
  visit(root);
  return bytes;
}

/** A list of re-initializes as records, with their positions. */
const listed = (list: Iterable<Reinitialization>) => [...list].map((r, i) => [i, r.request.seq, r.kind, r.aliveCount, r.idleGapMs, r.aliveSessions]);
const toldOf = (timeline: Timeline) => timeline.tallies.of(ToldReinitializations).told;
const keptFor = (timeline: Timeline, filter: TimelineFilter) => (timeline.reinitializations as UnkeptReinitializations).keptFor(filter);

test("a timeline built for no filter keeps no re-initialize: its list throws when read, its observers are told every one", async () => {
  const lines = randomLog(10);
  for (const lag of [1, 3, Infinity]) {
    const whole = await timelineKeeping(lines, lag, undefined);
    const none = await timelineKeeping(lines, lag, { client: null, session: null });
    for (const read of [() => none.reinitializations.length, () => [...none.reinitializations], () => none.reinitializations.at(0), () => reinitializationsOf(none)]) {
      assert.throws(read, /kept no list of its re-initializes/);
    }
    assert.deepEqual(toldOf(none), toldOf(whole), `lag ${lag}`);
    assert.ok(toldOf(whole).length > 100);
    assert.deepEqual([...none.abandonedSessions].map((s) => s.id), [...whole.abandonedSessions].map((s) => s.id));
    // What it holds is the whole timeline's but for the list's columns and names: none of the sweep's lists left behind.
    const withoutList = typedBytes({ ...whole, reinitializations: null });
    assert.equal(typedBytes(none), withoutList, `lag ${lag}`);
    assert.ok(typedBytes(whole) > withoutList + 4 * whole.reinitializations.length);
    // No filter narrows the timeline: filterTimeline hands it back, its list unread.
    assert.equal(filterTimeline(none, { client: null, session: null }), none);
  }
});

test("a timeline built for --client keeps exactly the re-initializes filterTimeline keeps, and tells and filters as the whole one", async () => {
  let lossesKept = 0;
  for (const seed of [10, 11, 12]) {
    const lines = randomLog(seed);
    for (const lag of [1, 3, Infinity]) {
      const whole = await timelineKeeping(lines, lag, undefined);
      for (const filter of [
        { client: "b/1.0", session: null },
        { client: "A/1", session: null },
      ]) {
        const label = `seed ${seed}, lag ${lag}, ${JSON.stringify(filter)}`;
        const built = await timelineKeeping(lines, lag, filter);
        assert.deepEqual(toldOf(built), toldOf(whole), label);
        const fromWhole = filterTimeline(whole, filter);
        const fromBuilt = filterTimeline(built, filter);
        assert.ok(fromWhole.reinitializations.length > 0 && fromWhole.reinitializations.length < whole.reinitializations.length, label);
        assert.deepEqual(listed(fromBuilt.reinitializations), listed(fromWhole.reinitializations), label);
        assert.deepEqual(toldOf(fromBuilt), toldOf(fromWhole), label);
        assert.deepEqual(
          [...keptFor(built, filter)].map((r) => r.request.seq),
          [...fromWhole.reinitializations].map((r) => r.request.seq),
          label,
        );
        lossesKept += [...fromBuilt.reinitializations].filter((r) => r.aliveCount > MAX_ALIVE_LISTED).length;
      }
    }
  }
  assert.ok(lossesKept > 20, `${lossesKept} losses kept naming only the newest`);
});

test("a timeline built for --session keeps every re-initialize of the clients kept, as a session's creator may be known late", async () => {
  for (const seed of [10, 11]) {
    const lines = randomLog(seed);
    for (const lag of [1, 3, Infinity]) {
      const whole = await timelineKeeping(lines, lag, undefined);
      const ofA = [...whole.sessions].filter((s) => s.owner === "a/1.0" && s.createdBy !== null);
      for (const filter of [
        { client: null, session: ofA[3]!.id },
        { client: "b/1.0", session: "s1" },
      ]) {
        const label = `seed ${seed}, lag ${lag}, ${JSON.stringify(filter)}`;
        const built = await timelineKeeping(lines, lag, filter);
        assert.deepEqual(toldOf(built), toldOf(whole), label);
        const fromWhole = filterTimeline(whole, filter);
        const fromBuilt = filterTimeline(built, filter);
        assert.ok(fromWhole.reinitializations.length > 0, label);
        assert.deepEqual(listed(fromBuilt.reinitializations), listed(fromWhole.reinitializations), label);
        assert.deepEqual(toldOf(fromBuilt), toldOf(fromWhole), label);
        const ofClients = [...whole.reinitializations].filter((r) => filter.client === null || r.request.clientKey === filter.client);
        assert.deepEqual(
          [...keptFor(built, filter)].map((r) => r.request.seq),
          ofClients.map((r) => r.request.seq),
          label,
        );
      }
    }
  }
  // C's creation line ties it to x after the sweep passed x (a late fact): --session C keeps x all the same.
  const x = request(0, null, { ua: "a/1.0" });
  const filler = [...initialize(2, "B", null, { ua: "b/1.0" }), ...call(3, "B", { ua: "b/1.0" }), ...call(4, "B", { ua: "b/1.0" })];
  const late = [x, ...initialize(1, "A2", null, { ua: "a/1.0" }), ...filler, created(5, "C")];
  const filter = { client: null, session: "C" };
  const whole = await timelineKeeping(late, 1, undefined);
  const built = await timelineKeeping(late, 1, filter);
  assert.equal(built.tallies.lateFacts, 1);
  const fromWhole = filterTimeline(whole, filter);
  assert.deepEqual([...fromWhole.reinitializations].map((r) => r.request.seq), [0]);
  assert.deepEqual(listed(filterTimeline(built, filter).reinitializations), listed(fromWhole.reinitializations));
});

test("a timeline built for one filter refuses to be narrowed by another", async () => {
  const built = await timelineKeeping(randomLog(10), 3, { client: "b/1.0", session: null });
  assert.throws(() => filterTimeline(built, { client: "a/1.0", session: null }), /kept the re-initializes of/);
  assert.throws(() => filterTimeline(built, { client: "b/1.0", session: "s1" }), /kept the re-initializes of/);
});

test("the pipeline keeping only the filter's re-initializes (none unfiltered) reports what it reports keeping them all, one file or two", async () => {
  const lines = randomLog(12);
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-kept-"));
  const write = async (name: string, part: readonly Line[]) => {
    const path = join(dir, name);
    await writeFile(path, part.map((l) => JSON.stringify(l)).join("\n") + "\n");
    return path;
  };
  const one = [await write("all.jsonl", lines)];
  const half = Math.floor(lines.length / 2);
  const two = [await write("first.jsonl", lines.slice(0, half)), await write("second.jsonl", lines.slice(half))];
  const sessionOfA = [...(await timelineOf(lines)).sessions].find((s) => s.owner === "a/1.0")!.id;
  for (const files of [one, two]) {
    for (const filter of [
      { client: null, session: null },
      { client: "b/1.0", session: null },
      { client: null, session: sessionOfA },
      { client: "a/1.0", session: "s" },
    ]) {
      const options = { batchGapMs: 2000, from: null, to: null, ...filter, strict: false, toolVersion: "test", rules: {} };
      const whole = await analyzeLog(files, { ...options, keepEveryReinitialization: true });
      const kept = await analyzeLog(files, options);
      assert.ok(whole.findings.length > 0, JSON.stringify(filter));
      assert.deepEqual(kept, whole, `${files.length} files, ${JSON.stringify(filter)}`);
    }
  }
});
