import assert from "node:assert/strict";
import { test } from "node:test";
import { timelineOf } from "../support/analyzer-tester.js";
import { request } from "../support/log-lines.js";

test("requests of one batch go to the client of their user agent and address, however the sources interleave", async () => {
  const sources: [string | null, string | null][] = [["a/1", "10.0.0.1"], ["b/1", "10.0.0.1"], ["a/1", "10.0.0.1"], ["a/1", "10.0.0.2"], [null, "10.0.0.1"], ["b/1", "10.0.0.1"], [null, null], ["a/1", "10.0.0.2"], ["a/1", "10.0.0.1"]];
  const lines = sources.map(([ua, address], i) => ({ ...request(i, "s-1"), user_agent: ua, remote_address: address }));
  const timeline = await timelineOf(lines);
  const byClient = timeline.clients.map((c) => [c.userAgent, c.remoteAddress, [...c.requests].map((r) => r.ref.line)]);
  const expected = new Map<string, number[]>();
  sources.forEach(([ua, address], i) => expected.set(JSON.stringify([ua, address]), [...(expected.get(JSON.stringify([ua, address])) ?? []), i + 1]));
  assert.deepEqual(byClient, [...expected].map(([source, lines]) => [...JSON.parse(source), lines]));
});
