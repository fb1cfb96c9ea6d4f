import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_RULE_SETTINGS, type Analyzer, type RuleSettings } from "../../src/analyzers/analyzer.js";
import type { Event } from "../../src/events.js";
import { parseEventsLine } from "../../src/input/events-format.js";
import { TALLIES } from "../../src/tallies.js";
import { buildTimeline } from "../../src/timeline/build-timeline.js";
import { deepFreeze } from "../../src/timeline/deep-freeze.js";
import type { Timeline } from "../../src/timeline/model.js";

export const FILE = "case.jsonl";

export interface Case {
  readonly name: string;
  readonly lines: readonly Record<string, unknown>[];
  /** Thresholds that differ from the defaults, as a config file's `thresholds` would set them. */
  readonly settings?: Partial<RuleSettings>;
}
export interface InvalidCase extends Case {
  /** One entry per expected detection: the log lines its evidence names, and optionally its client. */
  readonly expected: readonly { readonly lines: readonly number[]; readonly client?: string }[];
}

/** Runs lines through the real parser and timeline builder; fails the test on a line the parser skips. */
export async function timelineOf(lines: readonly Record<string, unknown>[], batchGapMs = 2000): Promise<Timeline> {
  // Frozen, so that a rule that changes the shared model fails its test.
  return deepFreeze(await unfrozenTimelineOf(lines, batchGapMs));
}

/** As timelineOf, not frozen: for a test whose tables spill (a block read back is written into its columns). */
export async function unfrozenTimelineOf(lines: readonly Record<string, unknown>[], batchGapMs = 2000): Promise<Timeline> {
  async function* events(): AsyncGenerator<Event[]> {
    const batch: Event[] = [];
    for (const [i, line] of lines.entries()) {
      const result = parseEventsLine(JSON.stringify(line), { file: FILE, line: i + 1 });
      assert.equal(result.type, "event", `test line ${i + 1} did not parse: ${JSON.stringify(result)}`);
      // A line's `instance` labels it, as `--instance-from field:instance` would.
      if (result.type === "event") batch.push(typeof line.instance === "string" ? { ...result.event, instance: line.instance } : result.event);
    }
    yield batch;
  }
  return buildTimeline(events(), { batchGapMs, tallies: TALLIES });
}

/** ESLint's RuleTester, for analyzers: valid cases detect nothing, invalid ones exactly the expected. */
export function testAnalyzer(analyzer: Analyzer, cases: { valid: readonly Case[]; invalid: readonly InvalidCase[] }) {
  describe(analyzer.id, () => {
    for (const c of cases.valid) {
      test(`valid: ${c.name}`, async () => {
        const detections = [...analyzer.detect(await timelineOf(c.lines), { ...DEFAULT_RULE_SETTINGS, ...c.settings })];
        assert.deepEqual(detections.map((d) => d.message), []);
      });
    }
    for (const c of cases.invalid) {
      test(`invalid: ${c.name}`, async () => {
        const detections = [...analyzer.detect(await timelineOf(c.lines), { ...DEFAULT_RULE_SETTINGS, ...c.settings })];
        const actual = detections.map((d) => ({ lines: d.evidence.map((e) => e.line), ...(d.client === undefined ? {} : { client: d.client }) }));
        const expected = c.expected.map((e) => ({ lines: [...e.lines], ...(e.client === undefined ? {} : { client: e.client }) }));
        // Compare clients only where the case names one.
        assert.deepEqual(
          actual.map((a, i) => (c.expected[i]?.client === undefined ? { lines: a.lines } : a)),
          expected,
        );
        for (const d of detections) assert.match(d.message, /\d/, "a finding's message carries its numbers");
      });
    }
  });
}
