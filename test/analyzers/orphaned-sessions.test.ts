import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_RULE_SETTINGS } from "../../src/analyzers/analyzer.js";
import { orphanedSessions } from "../../src/analyzers/orphaned-sessions.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, closed, created, initialize, started } from "../support/log-lines.js";

/** `count` sessions initialized a minute apart, each alive at the end: creation lines 2, 5, 8, … */
const pileOf = (count: number) => Array.from({ length: count }, (_, i) => initialize(i * 60, `S${i}`, i + 1)).flat();

testAnalyzer(orphanedSessions, {
  valid: [
    { name: "ten sessions alive is within the default of 10", lines: pileOf(10) },
    {
      name: "deleted and closed sessions are not orphaned",
      settings: { maxOrphanedSessions: 0 },
      lines: [...initialize(0, "A", 1), ...call(1, "A", { method: "DELETE", rpc: null }), ...initialize(60, "B", 1), closed(90, "B", 0)],
    },
    { name: "sessions wiped by a restart are not orphaned", settings: { maxOrphanedSessions: 0 }, lines: [...initialize(0, "A", 1), started(30, 2)] },
  ],
  invalid: [
    { name: "eleven sessions alive at the end, over the default", lines: pileOf(11), expected: [{ lines: [2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32] }] },
    {
      name: "maxOrphanedSessions 1: the two left alive are reported, not the deleted one",
      settings: { maxOrphanedSessions: 1 },
      lines: [...initialize(0, "A", 1), ...call(1, "A", { method: "DELETE", rpc: null }), ...initialize(60, "B", 1), ...initialize(120, "C", 2)],
      expected: [{ lines: [7, 10] }],
    },
  ],
});

test("the owners counted: each client once, sessions without one as one more, unless a client's key is the name they are counted by", async () => {
  const clientsOf = async (lines: Record<string, unknown>[]) => {
    const [finding] = [...orphanedSessions.detect(await timelineOf(lines), { ...DEFAULT_RULE_SETTINGS, maxOrphanedSessions: 0 })];
    return Number(/from (\d+) client\(s\)/.exec(finding!.message)![1]);
  };
  const two = [...initialize(0, "A", 1, { ua: "a/1" }), ...initialize(1, "B", 2, { ua: "b/1" }), ...initialize(2, "C", 3, { ua: "a/1" })];
  assert.equal(await clientsOf(two), 2);
  // Known from its creation line alone: no request, no owner.
  assert.equal(await clientsOf([...two, created(3, "D")]), 3);
  assert.equal(await clientsOf([...two, created(3, "D"), created(4, "E")]), 3);
  assert.equal(await clientsOf([...two, ...initialize(3, "F", null, { ua: "(unknown client)" })]), 3);
  assert.equal(await clientsOf([...two, created(3, "D"), ...initialize(4, "F", null, { ua: "(unknown client)" })]), 3);
});
