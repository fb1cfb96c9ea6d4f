import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fixture, runCli } from "../support/run-cli.js";
import { analyzeEveryFormat, assertCountsAddUp, assertSafeOutput, assertStderrNames } from "./check-output.js";

type Expected = readonly (readonly [number, RegExp])[];

interface HostileCase {
  readonly file: string;
  readonly events: number;
  readonly skipped?: Expected;
  readonly warnings?: Expected;
}

const FIRST = "2026-03-01T10:00:00.000Z";

/** Each fixture wraps a 6-event compliant session: whatever the damage, those 6 events survive. */
const cases: readonly HostileCase[] = [
  { file: "invalid-json.jsonl", events: 6, skipped: [[2, /^invalid JSON \(/], [3, /^invalid JSON \(/], [5, /^invalid JSON \(/]] },
  {
    file: "not-an-object.jsonl",
    events: 6,
    skipped: [[2, /not a JSON object \(array\)/], [3, /\(string\)/], [4, /\(number\)/], [5, /\(null\)/], [6, /\(boolean\)/]],
  },
  {
    file: "bad-timestamps.jsonl",
    events: 6,
    skipped: [
      [2, /^missing field timestamp$/],
      [3, /not ISO-8601 with a zone: "yesterday"/],
      [4, /not ISO-8601 with a zone/],
      [5, /not ISO-8601 with a zone: "2026-02-30/],
      [6, /^field timestamp: expected an ISO-8601 string or epoch number, received boolean$/],
      [7, /not a usable epoch time: -5/],
    ],
  },
  {
    file: "wrong-types.jsonl",
    events: 6,
    skipped: [
      [2, /^field session_id: expected string, received number$/],
      [3, /^field mcp_session_id: expected string, received object; field is_initialize: expected boolean, received string$/],
      [4, /^field active_sessions: expected an integer/],
      [5, /^field event: expected string, received number$/],
      [6, /^missing field event$/],
    ],
  },
  { file: "truncated-last-line.jsonl", events: 5, skipped: [[6, /^truncated last line \(no newline at end of file\): invalid JSON/]] },
  { file: "complete-unterminated-last-line.jsonl", events: 6 },
  { file: "blank-lines.jsonl", events: 6, skipped: [1, 3, 5, 7, 10, 12].map((line) => [line, /^blank line$/] as const) },
  {
    file: "invalid-utf8.jsonl",
    events: 6,
    skipped: [[4, /^not valid UTF-8: invalid JSON/]],
    warnings: [[1, /not UTF-8/], [5, /not UTF-8/]],
  },
  { file: "bom.jsonl", events: 6 },
  { file: "crlf.jsonl", events: 6 },
  { file: "offset-timestamps.jsonl", events: 6 },
  { file: "epoch-timestamps.jsonl", events: 6 },
  {
    file: "duplicate-lines.jsonl",
    events: 6,
    skipped: [[3, /^duplicate of line 2$/], [6, /^duplicate of line 5$/], [7, /^duplicate of line 5$/], [10, /^duplicate of line 1$/]],
  },
  { file: "clock-backwards.jsonl", events: 6, warnings: [[5, /^clock went backwards by 1000 ms since line 4$/]] },
  { file: "hostile-strings.jsonl", events: 6 },
];

function assertLines(actual: readonly { line: number; reason: string }[], expected: Expected, what: string) {
  assert.deepEqual(actual.map((s) => s.line), expected.map(([line]) => line), `${what}: lines`);
  expected.forEach(([, reason], i) => assert.match(actual[i]!.reason, reason, `${what} at line ${actual[i]!.line}`));
}

describe("hostile logs: every line accounted for, nothing raw on the terminal", () => {
  for (const c of cases) {
    test(c.file, async () => {
      const path = fixture(`hostile/${c.file}`);
      const out = await analyzeEveryFormat(path);
      assertSafeOutput(out, 0);
      await assertCountsAddUp(path, out.report);
      assert.equal(out.report.input.events, c.events, "events");
      assertLines(out.report.input.skipped, c.skipped ?? [], "skipped");
      assertLines(out.report.input.warnings, c.warnings ?? [], "warnings");
      assert.equal(out.report.summary.firstEventAt, FIRST, "timestamps read in the right zone and unit");
      assert.deepEqual(out.report.sessions.map((s) => s.endedBy), ["deleted"], "the session survives the damage");
      const first = c.skipped?.[0];
      if (first) assertStderrNames(out.json, path, first[0], first[1]);
      else assert.equal(out.json.stderr, "");
    });
  }

  test("escape sequences, pipes, backticks and HTML from the log are shown, not obeyed", async () => {
    const out = await analyzeEveryFormat(fixture("hostile/hostile-strings.jsonl"), "--full-ids");
    // The table wraps long cells, so only the start of the user agent is checked there.
    assert.match(out.table.stdout, /evil\\x1b\]0;pwned\\x07/, "the OSC sequence is made visible in the table");
    const text = out.markdown.stdout;
    assert.match(text, /\\x1b\\\]0;pwned\\\\x07/, "the OSC sequence is made visible");
    assert.match(text, /\\x1b\\\[2J/, "the clear-screen sequence is made visible");
    assert.match(text, /\\u202e/, "the RTL override is made visible");
    assert.match(text, /\\x9b31m/, "the one-byte CSI is made visible");
    // Inside a fenced code block HTML is inert text; everywhere else it must be escaped.
    const outsideFences = text.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, "");
    assert.doesNotMatch(outsideFences, /<script>|<b>/, "no live HTML in markdown");
    for (const block of text.match(/^```[a-z]*\n[\s\S]*?^```$/gm) ?? []) {
      assert.doesNotMatch(block.slice(3, -3), /`/, "no backtick from the log can close a code block");
    }
    assert.match(out.markdown.stdout, /2J \\\| &#96;code&#96; &lt;script&gt;/, "pipe, backticks and HTML are escaped in a markdown cell");
    assert.equal(out.report.clients[0]!.userAgent?.startsWith("evil\u001b]0;pwned\u0007"), true, "JSON keeps the true value");
  });

  test("a log without a single event exits 2 with one line, and prints no report", async () => {
    for (const [name, lines] of [["empty.jsonl", 0], ["no-events.jsonl", 4]] as const) {
      const path = fixture(`hostile/${name}`);
      for (const format of ["json", "markdown"]) {
        const result = await runCli(["analyze", path, "--format", format]);
        assert.equal(result.code, 2, name);
        assert.equal(result.stderr, `mcp-forensics: ${path}: no events (${lines} lines read)\n`);
        assert.equal(result.stdout, "");
      }
    }
  });

  test("--max-line-bytes sets the limit; a bad value is a usage error", async () => {
    const path = fixture("hostile/bom.jsonl");
    const out = await analyzeEveryFormat(path, "--max-line-bytes", "200");
    assertSafeOutput(out, 0);
    await assertCountsAddUp(path, out.report);
    assert.ok(out.report.input.skippedCount > 0 && out.report.input.events > 0, "some lines are over 200 bytes, some are not");
    assert.ok(out.report.input.skipped.every((s) => s.reason === "line longer than 200 bytes"));
    assert.equal((await analyzeEveryFormat(path, "--max-line-bytes", "1MiB")).report.input.skippedCount, 0);
    for (const bad of ["0", "-1", "1.5", "ten", "2GiB"]) {
      const result = await runCli(["analyze", path, "--max-line-bytes", bad]);
      assert.equal(result.code, 2, bad);
      assert.match(result.stderr, /^mcp-forensics: --max-line-bytes expects a size[^\n]*\n$/);
    }
  });

  test("JSON output holds no raw DEL or C1 control", async () => {
    const out = await analyzeEveryFormat(fixture("hostile/hostile-strings.jsonl"));
    assert.doesNotMatch(out.json.stdout, /[\u007f-\u009f]/);
  });

  test("a 3 MB line is skipped without being buffered and the lines after it are read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-hostile-"));
    const path = join(dir, "long-line.jsonl");
    const { readFile } = await import("node:fs/promises");
    const good = (await readFile(fixture("hostile/bom.jsonl"), "utf8")).slice(1).split("\n");
    const huge = `{"event":"session_created","timestamp":"${FIRST}","session_id":"${"x".repeat(3 << 20)}"}`;
    await writeFile(path, [good[0], huge, ...good.slice(1)].join("\n"));
    const out = await analyzeEveryFormat(path);
    assertSafeOutput(out, 0);
    await assertCountsAddUp(path, out.report);
    assert.equal(out.report.input.events, 6);
    assertLines(out.report.input.skipped, [[2, /^line longer than 1048576 bytes$/]], "skipped");
    assertStderrNames(out.json, path, 2, /line longer than 1048576 bytes/);
  });
});
