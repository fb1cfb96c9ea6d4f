import { sessionAccumulation } from "../../src/analyzers/session-accumulation.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { closed, initialize } from "../support/log-lines.js";

testAnalyzer(sessionAccumulation, {
  valid: [
    { name: "two sessions is not a leak", lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2)] },
    {
      name: "growth while the server evicts",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2), ...initialize(120, "C", 3), ...initialize(180, "D", 4), closed(200, "A", 3)],
    },
  ],
  invalid: [
    {
      name: "four sessions piling up with no eviction",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2), ...initialize(120, "C", 3), ...initialize(180, "D", 4)],
      expected: [{ lines: [2, 5, 8, 11] }],
    },
  ],
});
