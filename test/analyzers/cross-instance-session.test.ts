import { crossInstanceSession } from "../../src/analyzers/cross-instance-session.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { call, created, initialize } from "../support/log-lines.js";

type Line = Record<string, unknown>;
/** The lines as the named instance wrote them. */
const on = (instance: string, lines: readonly Line[]): Line[] => lines.map((l) => ({ ...l, instance }));

testAnalyzer(crossInstanceSession, {
  valid: [
    { name: "no instance labels", lines: [...initialize(0, "A", 1), ...call(5, "A", {}, 404)] },
    { name: "sticky sessions: each session stays on its instance", lines: [...on("a", initialize(0, "A", 1)), ...on("b", initialize(1, "B", 1)), ...on("a", call(5, "A")), ...on("b", call(6, "B"))] },
    { name: "the request's instance is unknown", lines: [...on("a", initialize(0, "A", 1)), ...call(5, "A")] },
  ],
  invalid: [
    {
      name: "a session made on a, sent to b and answered 404",
      // lines: 1–3 initialize on a (2 = session_created), 4–5 a call on a, 6–7 the call on b
      lines: [...on("a", initialize(0, "A", 1)), ...on("a", call(1, "A")), ...on("b", call(2, "A", {}, 404))],
      expected: [{ lines: [2, 6] }],
    },
    {
      name: "one finding per pair of instances, the creation line taken from the response when none was logged",
      lines: [
        ...on("a", initialize(0, "A", 1)), // 1–3
        ...on("b", call(1, "A", {}, 404)), // 4–5
        ...on("c", call(2, "A", {}, 404)), // 6–7
        ...on("a", [{ event: "mcp_request_headers", timestamp: "2026-02-27T08:00:03Z", request_id: "x1", method: "POST", mcp_session_id: null, is_initialize: true, user_agent: "u" }]), // 8
        ...on("a", [{ event: "mcp_response_headers", timestamp: "2026-02-27T08:00:03.1Z", request_id: "x1", mcp_session_id: "B", status: 200 }]), // 9
        ...on("b", call(4, "B", { ua: "u" }, 404)), // 10–11
      ],
      expected: [{ lines: [2, 9, 4, 10] }, { lines: [2, 6] }],
    },
    {
      // First seen on y, where it was used; its creation line, logged later on x, says where it lives.
      name: "a session whose creation line came after its requests",
      lines: [...on("y", call(0, "A")), ...on("x", [created(1, "A", 1)])],
      expected: [{ lines: [3, 1] }],
    },
  ],
});
