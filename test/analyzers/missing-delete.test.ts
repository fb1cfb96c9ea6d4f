import { missingDelete } from "../../src/analyzers/missing-delete.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { call, initialize } from "../support/log-lines.js";

testAnalyzer(missingDelete, {
  valid: [
    { name: "DELETE before starting another session", lines: [...initialize(0, "A", 1), ...call(1, "A", { method: "DELETE", rpc: null }), ...initialize(60, "B", 1)] },
    { name: "one session still in use at the end of the log", lines: [...initialize(0, "A", 1), ...call(30, "A")] },
  ],
  invalid: [
    {
      name: "a session abandoned for a new one without DELETE",
      lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2)],
      expected: [{ lines: [2], client: "buggy/1.0" }],
    },
  ],
});
