import { missingSessionId } from "../../src/analyzers/missing-session-id.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { call, initialize, request, response } from "../support/log-lines.js";

const sessionLessCall = request(1, null, { rpc: "tools/call" });
const statelessCall = request(0, null, { rpc: "tools/list" });

testAnalyzer(missingSessionId, {
  valid: [
    { name: "every request after initialize carries the id", lines: [...initialize(0, "A", 1), ...call(0.5, "A")] },
    { name: "a stateless server never issued an id", lines: [statelessCall, response(0.1, statelessCall, null)] },
  ],
  invalid: [
    {
      name: "a tools/call without the id after initialize, answered 400",
      lines: [...initialize(0, "A", 1), sessionLessCall, response(1.1, sessionLessCall, null, 400)],
      expected: [{ lines: [4] }],
    },
    {
      name: "two clients interleaved: only the one given an id owes it",
      // lines: 1–3 a's initialize, 4 b's session-less call (b has no id yet), 5 a's, 6–8 b's initialize, 9 b's
      lines: [
        ...initialize(0, "A", 1, { ua: "a/1" }), request(1, null, { rpc: "tools/call", ua: "b/1" }), request(2, null, { rpc: "tools/call", ua: "a/1" }),
        ...initialize(3, "B", 2, { ua: "b/1" }), request(4, null, { rpc: "tools/call", ua: "b/1" }),
      ],
      expected: [{ lines: [5], client: "a/1" }, { lines: [9], client: "b/1" }],
    },
  ],
});
