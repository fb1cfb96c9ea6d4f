import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { TALLIES } from "../../src/tallies.js";
import { buildTimeline } from "../../src/timeline/build-timeline.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { request, response } from "../support/log-lines.js";

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
      sessions: timeline.sessions.map((s) => [s.id, s.startSeq, s.requests.length]),
      strings: timeline.clients.flatMap((c) => [...c.requests].map((r) => (r as unknown as { sessionCode: number }).sessionCode)),
    };
  };
  const whole = await folded(events.length);
  for (const size of [1, 2, 7, 16]) assert.deepEqual(await folded(size), whole, `batches of ${size}`);
});
