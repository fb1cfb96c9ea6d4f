import { missingResponseSessionId } from "../../src/analyzers/missing-response-session-id.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { initialize, request, response } from "../support/log-lines.js";

const bareInitialize = request(0, null);

testAnalyzer(missingResponseSessionId, {
  valid: [{ name: "the initialize response carries the id", lines: initialize(0, "A", 1) }],
  invalid: [
    { name: "an initialize answered without the header", lines: [bareInitialize, response(0.1, bareInitialize, null)], expected: [{ lines: [2] }] },
  ],
});
