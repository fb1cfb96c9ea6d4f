import { sessionAccumulation } from "../../src/analyzers/session-accumulation.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { closed, created, initialize, started } from "../support/log-lines.js";

testAnalyzer(sessionAccumulation, {
  valid: [
    { name: "two sessions is not a leak", lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2)] },
    {
      name: "growth while the server evicts",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2), ...initialize(120, "C", 3), ...initialize(180, "D", 4), closed(200, "A", 3)],
    },
    {
      name: "growth before a restart only: the count starts over at the restart",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2), ...initialize(120, "C", 3), ...initialize(180, "D", 4), started(200, 2), ...initialize(240, "E", 1)],
    },
  ],
  invalid: [
    {
      name: "four sessions piling up with no eviction",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2), ...initialize(120, "C", 3), ...initialize(180, "D", 4)],
      expected: [{ lines: [2, 5, 8, 11] }],
    },
    {
      name: "growth measured from the last restart, a count drop that wiped the sessions before",
      // lines 1–6: A and B; 7: C's creation says 1 (a restart before C's initialize); 8–16: D, E, F.
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2), created(120, "C", 1), ...initialize(180, "D", 2), ...initialize(240, "E", 3), ...initialize(300, "F", 4)],
      expected: [{ lines: [7, 9, 12, 15] }],
    },
    {
      name: "sessions counted from the log when the server logs no count (a sample at each creation line and each initialize's answer)",
      lines: [...initialize(0, "A", null), ...initialize(60, "B", null), ...initialize(120, "C", null), ...initialize(180, "D", null)],
      expected: [{ lines: [2, 3, 5, 6, 8, 9, 11, 12] }],
    },
  ],
});
