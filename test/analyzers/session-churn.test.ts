import { sessionChurn } from "../../src/analyzers/session-churn.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { call, initialize, started } from "../support/log-lines.js";

testAnalyzer(sessionChurn, {
  valid: [
    { name: "one session reused in a later batch", lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...call(60, "A")] },
    { name: "re-initialize after a 404 (spec item 4)", lines: [...initialize(0, "A", 1), ...call(60, "A", {}, 404), ...initialize(60.2, "B", 1)] },
    { name: "re-initialize after a server restart", lines: [...initialize(0, "A", 1), started(30, 2), ...initialize(60, "B", 1)] },
    {
      name: "re-initialize after DELETE",
      lines: [...initialize(0, "A", 1), ...call(1, "A", { method: "DELETE", rpc: null }), ...initialize(60, "B", 1)],
    },
    {
      name: "churn 0.50 is not above acceptedChurnRatio 0.5",
      settings: { acceptedChurnRatio: 0.5 },
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(60, "B", 2), ...call(60.5, "B")],
    },
  ],
  invalid: [
    {
      name: "a fresh initialize in the next batch while the first session is alive",
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(60, "B", 2), ...call(60.5, "B")],
      expected: [{ lines: [6], client: "buggy/1.0" }],
    },
    {
      name: "only the client that re-initializes is blamed",
      lines: [...initialize(0, "A", 1, { ua: "good/1" }), ...initialize(1, "B", 2), ...call(60, "A", { ua: "good/1" }), ...initialize(61, "C", 3)],
      expected: [{ lines: [9], client: "buggy/1.0" }],
    },
    {
      name: "churn 0.50 is above acceptedChurnRatio 0.4",
      settings: { acceptedChurnRatio: 0.4 },
      lines: [...initialize(0, "A", 1), ...call(0.5, "A"), ...initialize(60, "B", 2), ...call(60.5, "B")],
      expected: [{ lines: [6], client: "buggy/1.0" }],
    },
  ],
});
