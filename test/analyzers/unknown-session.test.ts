import { unknownSession } from "../../src/analyzers/unknown-session.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { call, initialize, started } from "../support/log-lines.js";

testAnalyzer(unknownSession, {
  valid: [
    { name: "a live session", lines: [...initialize(0, "A", 1), ...call(5, "A")] },
    {
      name: "a DELETE of a session the server already closed",
      lines: [...initialize(0, "A", 1), { event: "session_closed", timestamp: "2026-02-27T08:00:10Z", session_id: "A", active_sessions: 0 }, ...call(20, "A", { method: "DELETE" })],
    },
  ],
  invalid: [
    {
      name: "404 after a restart, then a correct re-initialize",
      lines: [...initialize(0, "A", 1), started(10, 2), ...call(20, "A", {}, 404), ...initialize(20.1, "B", 1)],
      expected: [{ lines: [5] }],
    },
    {
      name: "an id sent after the server closed the session",
      lines: [...initialize(0, "A", 1), { event: "session_closed", timestamp: "2026-02-27T08:00:10Z", session_id: "A", active_sessions: 0 }, ...call(20, "A")],
      expected: [{ lines: [5] }],
    },
  ],
});
