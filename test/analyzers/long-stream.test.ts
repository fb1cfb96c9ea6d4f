import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_RULE_SETTINGS } from "../../src/analyzers/analyzer.js";
import { MAX_EVIDENCE } from "../../src/counted-evidence.js";
import { longStream } from "../../src/analyzers/long-stream.js";
import { testAnalyzer, timelineOf } from "../support/analyzer-tester.js";
import { disconnected, initialize } from "../support/log-lines.js";

const MINUTE = 60_000;

testAnalyzer(longStream, {
  valid: [
    { name: "a 59-minute stream is within the default of 1 hour", lines: [...initialize(0, "A", 1), disconnected(3540, "A", 59 * MINUTE)] },
    {
      name: "a stream exactly at maxStreamLifetime",
      settings: { maxStreamLifetimeMs: 5000 },
      lines: [...initialize(0, "A", 1), disconnected(5, "A", 5000)],
    },
  ],
  invalid: [
    {
      name: "a two-hour stream, over the default",
      lines: [...initialize(0, "A", 1), disconnected(7200, "A", 120 * MINUTE)],
      expected: [{ lines: [4], client: "buggy/1.0" }],
    },
    {
      name: "maxStreamLifetime 5s: one finding per client, short streams left out",
      settings: { maxStreamLifetimeMs: 5000 },
      lines: [
        ...initialize(0, "A", 1),
        ...initialize(1, "B", 2, { ua: "other/2" }),
        disconnected(10, "A", 9000),
        disconnected(11, "B", 800),
        disconnected(20, "A", 6000),
        disconnected(30, "B", 25_000),
      ],
      expected: [
        { lines: [7, 9], client: "buggy/1.0" },
        { lines: [10], client: "other/2" },
      ],
    },
    {
      name: "a stream of a session the log never created names no client",
      lines: [disconnected(7200, "ghost", 120 * MINUTE)],
      expected: [{ lines: [1] }],
    },
  ],
});

test("a client whose streams all outlive the threshold: the first lines listed, the full count in evidenceCount", async () => {
  // Sessions S0… (lines 1–3, 5–7, …), each with its 2-hour stream closed on the line after them (4, 8, …).
  const lines = Array.from({ length: MAX_EVIDENCE + 5 }, (_, i) => [...initialize(i * 60, `S${i}`, null), disconnected(i * 60 + 30, `S${i}`, 120 * MINUTE)]).flat();
  const [detection, ...rest] = longStream.detect(await timelineOf(lines), DEFAULT_RULE_SETTINGS);
  assert.equal(rest.length, 0);
  assert.equal(detection!.evidenceCount, MAX_EVIDENCE + 5);
  assert.deepEqual(
    detection!.evidence.map((e) => e.line),
    Array.from({ length: MAX_EVIDENCE }, (_, i) => i * 4 + 4),
  );
  assert.match(detection!.message, /kept 55 response stream\(s\)/);
});
