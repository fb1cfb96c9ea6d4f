import { orphanedSessions } from "../../src/analyzers/orphaned-sessions.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { call, closed, initialize, started } from "../support/log-lines.js";

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
