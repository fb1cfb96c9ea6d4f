import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { unknownSession } from "../../src/analyzers/unknown-session.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { call, created, initialize, request, started } from "../support/log-lines.js";

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
    {
      // B's creation line counts one live session where A and B were: A was lost in a restart
      // before B's initialize (line 4), found only at that line, after A was used (line 5).
      name: "a use between a restart and the line that shows it, the restart placed behind the walk",
      lines: [...initialize(0, "A", 1), request(1, null), ...call(2, "A"), created(3, "B", 1)],
      expected: [{ lines: [5] }],
    },
  ],
});

test("a client that kept sending an unknown id: the first lines listed, the full count in evidenceCount", async () => {
  // After the restart every call (lines 5, 7, 9, …) is answered 404, and the client never re-initializes.
  const calls = Array.from({ length: MAX_EVIDENCE + 10 }, (_, i) => call(20 + i, "A", {}, 404)).flat();
  const lines = [...initialize(0, "A", 1), started(10, 2), ...calls];
  const [detection, ...rest] = unknownSession.detect(await timelineOf(lines));
  assert.equal(rest.length, 0);
  assert.equal(detection!.evidenceCount, MAX_EVIDENCE + 10);
  assert.deepEqual(
    detection!.evidence.map((e) => e.line),
    Array.from({ length: MAX_EVIDENCE }, (_, i) => 5 + i * 2),
  );
  assert.match(detection!.message, /sent 60 request\(s\) .* \(60 answered 404\); it re-initialized after 0 of them/);
});
