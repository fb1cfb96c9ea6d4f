import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { InputSummary } from "../../src/input/input-summary.js";
import { readEventRows } from "../../src/input/read-events.js";
import { TALLIES } from "../../src/tallies.js";
import { buildTimeline } from "../../src/timeline/build-timeline.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { at, disconnected, request, response } from "../support/log-lines.js";

test("requests of one batch go to the client of their user agent and address, however the sources interleave", async () => {
  const sources: [string | null, string | null][] = [["a/1", "10.0.0.1"], ["b/1", "10.0.0.1"], ["a/1", "10.0.0.1"], ["a/1", "10.0.0.2"], [null, "10.0.0.1"], ["b/1", "10.0.0.1"], [null, null], ["a/1", "10.0.0.2"], ["a/1", "10.0.0.1"]];
  const lines = sources.map(([ua, address], i) => ({ ...request(i, "s-1"), user_agent: ua, remote_address: address }));
  const timeline = await timelineOf(lines);
  const byClient = timeline.clients.map((c) => [c.userAgent, c.remoteAddress, [...c.requests].map((r) => r.ref.line)]);
  const expected = new Map<string, number[]>();
  sources.forEach(([ua, address], i) => expected.set(JSON.stringify([ua, address]), [...(expected.get(JSON.stringify([ua, address])) ?? []), i + 1]));
  assert.deepEqual(byClient, [...expected].map(([source, lines]) => [...JSON.parse(source), lines]));
});

test("a log folded in batches of any size has the same clients, sessions and numbering as folded whole", async () => {
  // Clients and session ids met again in later batches (looked up together at a batch's start), new
  // ones among them, an address shared by two user agents within a batch, a request without an address.
  const sources: [string | null, string | null][] = [["a/1", "10.0.0.1"], ["b/1", "10.0.0.1"], ["a/1", "10.0.0.2"], [null, "10.0.0.1"], [null, null], ["c/1", "10.0.0.3"]];
  const lines = Array.from({ length: 60 }, (_, i) => {
    const [ua, address] = sources[(i * 7) % sources.length]!;
    const session = i % 5 === 0 ? null : `s-${(i * 3) % 8}`;
    const sent = { ...request(i, session, { id: `q${i}` }), user_agent: ua, remote_address: address };
    return [sent, response(i, sent, session ?? `s-${i % 8}`)];
  }).flat();
  const events = lines.map((line, i) => {
    const result = parseEventsLine(JSON.stringify(line), { file: "case.jsonl", line: i + 1 });
    assert.equal(result.type, "event");
    return (result as { event: Event }).event;
  });
  const folded = async (size: number) => {
    async function* batches() {
      for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
    }
    const timeline = await buildTimeline(batches(), { batchGapMs: 2000, tallies: TALLIES });
    return {
      clients: timeline.clients.map((c) => [c.key, [...c.requests].map((r) => [r.ref.line, r.sessionId, r.batch, r.response?.ref.line])]),
      sessions: [...timeline.sessions].map((s) => [s.id, s.startSeq, s.requests.length]),
      strings: timeline.clients.flatMap((c) => [...c.requests].map((r) => (r as unknown as { sessionCode: number }).sessionCode)),
    };
  };
  const whole = await folded(events.length);
  for (const size of [1, 2, 7, 16]) assert.deepEqual(await folded(size), whole, `batches of ${size}`);
});

/**
 * Request ids pair by string equality whether the fold gets them as strings or as codes
 * (request-id-code.ts): from Event objects (packEvents) or from a reading thread's rows written
 * from the bytes, with or without a merge's prefix. Every request is session-less, so a response
 * whose id pairs wrongly, or not at all, takes the oldest waiting request instead.
 */
test("request ids pair as their strings would, read as events or as a thread's rows, whatever their spelling", async () => {
  const sent: [unknown, number][] = [["r-01", 0], [1, 1], ["r-1", 2], ["7", 3], ["r-", 4], ["536870912", 5], [-0, 6], ["00", 7], [-1, 8], [1.5, 9]];
  const answers: unknown[] = ["r-1", "1", 7, "r-01", "r-", "1.5", 536870912, "-1", "0", "0"];
  const lines = [
    ...sent.map(([id, t]) => ({ ...request(t, null, { id: "x" }), request_id: id })),
    ...answers.map((id, k) => ({ event: "mcp_response_headers", timestamp: at(20 + k), request_id: id, mcp_session_id: null, status: 200 })),
  ];
  // Each by id (-0 as "0"), but the second "0": nobody waits with that id, so it takes the oldest
  // request left, "00" (which it would take by id were "00" coded as "0").
  const expected = [14, 12, 11, 13, 15, 17, 19, 20, 18, 16];
  const pairs = (timeline: Awaited<ReturnType<typeof buildTimeline>>) => timeline.clients.flatMap((c) => [...c.requests].map((r) => r.response?.ref.line));
  assert.deepEqual(pairs(await timelineOf(lines)), expected);
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-ids-"));
  const path = join(dir, "log.jsonl");
  await writeFile(path, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  for (const requestIdPrefix of [undefined, "0:"]) {
    async function* rows() {
      yield* readEventRows(path, new InputSummary(), { strict: false, requestIdPrefix });
    }
    assert.deepEqual(pairs(await buildTimeline(rows(), { batchGapMs: 2000, tallies: TALLIES })), expected, String(requestIdPrefix));
  }
});

test("a merge's prefixes keep the same request id of two files apart", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-ids-"));
  const first = join(dir, "a.jsonl");
  const second = join(dir, "b.jsonl");
  await writeFile(first, [{ ...request(0, null), request_id: "r-5" }, { ...request(1, null), request_id: "r-1" }].map((line) => JSON.stringify(line)).join("\n") + "\n");
  await writeFile(second, JSON.stringify({ event: "mcp_response_headers", timestamp: at(5), request_id: "r-1", mcp_session_id: null, status: 200 }) + "\n");
  const answered = async (prefixes: (string | undefined)[]) => {
    async function* rows() {
      for (const [k, path] of [first, second].entries()) yield* readEventRows(path, new InputSummary(), { strict: false, requestIdPrefix: prefixes[k] });
    }
    const timeline = await buildTimeline(rows(), { batchGapMs: 2000, tallies: TALLIES });
    return timeline.clients.flatMap((c) => [...c.requests].map((r) => r.response?.ref.line ?? null));
  };
  // Unprefixed, "r-1" answers its request by id; prefixed, the oldest session-less request.
  assert.deepEqual(await answered([undefined, undefined]), [null, 1]);
  assert.deepEqual(await answered(["0:", "1:"]), [1, null]);
});

test("a stream closure whose id had no session yet belongs to no session, even once a session has the id; the others to theirs", async () => {
  const lines = [disconnected(0, "s-late", 5), request(1, "s-1"), disconnected(2, "s-1", 6), request(3, "s-late"), disconnected(4, "s-late", 7), disconnected(5, "s-none", 8), disconnected(6, "s-1", 9)];
  const timeline = await timelineOf(lines);
  assert.deepEqual([...timeline.streamClosures].map((c) => [c.sessionId, c.elapsedMs]), [["s-late", 5], ["s-1", 6], ["s-late", 7], ["s-none", 8], ["s-1", 9]]);
  const closuresOf = (id: string) => [...[...timeline.sessions].find((s) => s.id === id)!.streamClosures].map((c) => c.elapsedMs);
  assert.deepEqual([closuresOf("s-1"), closuresOf("s-late")], [[6, 9], [7]]);
});

/**
 * A response's session id decides which waiting request it answers when its request id pairs with
 * none: an empty id is matched as none (the oldest session-less request), a UUID, which a batch
 * packs as a negative index (PACKED.UUID), never is. Read as events or as a thread's rows.
 */
test("a response with a UUID session id answers that session's request, one with an empty id a session-less one", async () => {
  const uuid = "0b8e5a52-3c1f-4d2a-9e7b-1f2a3b4c5d6e";
  const lines = [
    request(0, null, { id: "init" }),
    request(1, uuid, { id: "call" }),
    request(2, "", { id: "empty", rpc: "tools/list" }),
    { event: "mcp_response_headers", timestamp: at(3), request_id: "nobody-1", mcp_session_id: uuid, status: 200 },
    { event: "mcp_response_headers", timestamp: at(4), request_id: "nobody-2", mcp_session_id: "", status: 200 },
  ];
  const answers = (timeline: Awaited<ReturnType<typeof buildTimeline>>) => timeline.clients.flatMap((c) => [...c.requests].map((r) => r.response?.ref.line ?? null));
  // The UUID's response answers its request (line 2), the empty id's the session-less initialize (line 1).
  const expected = [5, 4, null];
  assert.deepEqual(answers(await timelineOf(lines)), expected);
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-uuid-"));
  const path = join(dir, "log.jsonl");
  await writeFile(path, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  async function* rows() {
    yield* readEventRows(path, new InputSummary(), { strict: false });
  }
  assert.deepEqual(answers(await buildTimeline(rows(), { batchGapMs: 2000, tallies: TALLIES })), expected);
});
