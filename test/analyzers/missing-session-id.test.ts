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
  ],
});
