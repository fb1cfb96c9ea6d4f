import { duplicateInitialize } from "../../src/analyzers/duplicate-initialize.js";
import { testAnalyzer } from "../support/analyzer-tester.js";
import { initialize } from "../support/log-lines.js";

testAnalyzer(duplicateInitialize, {
  valid: [{ name: "initializes a minute apart are two batches", lines: [...initialize(0, "A", 1), ...initialize(60, "B", 2)] }],
  invalid: [
    { name: "two initializes 0.4 s apart", lines: [...initialize(0, "A", 1), ...initialize(0.4, "B", 2)], expected: [{ lines: [1, 4], client: "buggy/1.0" }] },
  ],
});
