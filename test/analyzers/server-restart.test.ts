import { serverRestart } from "../../src/analyzers/server-restart.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { initialize, started } from "../support/log-lines.js";

testAnalyzer(serverRestart, {
  valid: [
    { name: "a server_started line that opens the log", lines: [started(0, 1), ...initialize(1, "A", 1)] },
    { name: "counts the log explains", lines: [...initialize(0, "A", 1), ...initialize(1, "B", 2, { ua: "other/1" })] },
  ],
  invalid: [
    { name: "a server_started line mid-log", lines: [...initialize(0, "A", 1), started(10, 2)], expected: [{ lines: [4] }] },
    {
      name: "active_sessions falls below what the log explains",
      lines: [...initialize(0, "A", 1), ...initialize(1, "B", 2, { ua: "other/1" }), ...initialize(60, "C", 1)],
      expected: [{ lines: [8] }],
    },
  ],
});
