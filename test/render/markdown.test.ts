import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/render/markdown.js";
import type { Report } from "../../src/report.js";
import { buildSampleReport, buildSession, SESSION_A, SESSION_B } from "./sample-report.js";

const HOSTILE = "evil|`x`<script>\x1b[31m\n```\n# [click](http://x)";

/** The number of cells in a GFM table row, honouring backslash escapes as GitHub does. */
function countCells(row: string): number {
  let cells = 0;
  for (let i = 1; i < row.length; i++) {
    if (row[i] === "\\") i++;
    else if (row[i] === "|") cells++;
  }
  return cells;
}

/** Each run of consecutive lines that start with a pipe. */
function findTables(markdown: string): string[][] {
  const tables: string[][] = [[]];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) tables.at(-1)!.push(line);
    else if (tables.at(-1)!.length > 0) tables.push([]);
  }
  return tables.filter((rows) => rows.length > 0);
}

function buildHostileReport(): Report {
  const sample = buildSampleReport();
  const client = { ...sample.clients[0]!, key: HOSTILE, userAgent: HOSTILE };
  return buildSampleReport({
    clients: [client, { ...client, key: "second client" }],
    sessions: [buildSession(HOSTILE, "2026-02-27T08:28:46.712Z")],
    timeline: [
      { type: "session-created", at: "2026-02-27T08:28:46.712Z", ref: { file: "x", line: 1 }, sessionId: HOSTILE, activeSessions: 1 },
      { type: "server-restart", at: "2026-02-27T08:28:47.000Z", ref: { file: "x", line: 2 }, detail: HOSTILE },
      {
        type: "requests",
        at: "2026-02-27T08:28:47.300Z",
        until: "2026-02-27T08:28:47.900Z",
        firstRef: { file: "x", line: 3 },
        lastRef: { file: "x", line: 4 },
        client: HOSTILE,
        sessionId: HOSTILE,
        count: 2,
        afterStreamClosed: false,
      },
    ],
    batchPatterns: [{ client: HOSTILE, steps: [HOSTILE, "1. tools/list", "# heading", "- item"], batches: 1, ofBatches: 1 }],
    findings: [{ ...sample.findings[0]!, rule: HOSTILE, message: HOSTILE, evidence: [{ file: HOSTILE, line: 1 }] }],
    hypotheses: [{ ...sample.hypotheses[0]!, title: HOSTILE, reason: HOSTILE }],
    limitations: [{ check: HOSTILE, reason: HOSTILE }],
    input: { ...sample.input, skipped: [{ file: HOSTILE, line: 3, reason: HOSTILE }] },
  });
}

test("renderMarkdown has the seed report's sections in order", () => {
  const markdown = renderMarkdown(buildSampleReport(), { fullIds: false });
  const headings = [
    "# MCP session forensics",
    "## Summary",
    "## Clients",
    "## Timeline",
    "## Sessions",
    "## Aggregate statistics",
    "## Findings",
    "## What this rules out",
    "## Batch pattern",
    "## Limitations",
    "## Input",
  ];
  const positions = headings.map((h) => markdown.indexOf(`${h}\n`));
  assert.ok(positions.every((p) => p >= 0), `missing section: ${headings[positions.indexOf(-1)]}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions);
});

test("renderMarkdown leaves out Limitations when every check ran", () => {
  assert.ok(!renderMarkdown(buildSampleReport({ limitations: [] }), { fullIds: false }).includes("## Limitations"));
});

test("renderMarkdown prints the Capture 2 session table", () => {
  const markdown = renderMarkdown(buildSampleReport(), { fullIds: false });
  assert.match(markdown, /\| Time \(UTC\) \| Session ID \| Active Sessions \| Gap Since Previous \| Requests \| Batches \| Ended \|/);
  assert.match(markdown, /\| 08:28:46Z \| 59c7c2b5 \| 1 \| - \|/);
  assert.match(markdown, /\| 08:28:47Z \| 3602c17d \| 2 \| 0\.4s \|/);
});

test("renderMarkdown prints the Capture 1 timeline", () => {
  const markdown = renderMarkdown(buildSampleReport(), { fullIds: false });
  for (const line of [
    "08:28:46Z  SESSION 59c7c2b5 created (active=1)",
    "08:28:47Z  REQUEST sid=NULL (initialize)  ← SESSION DROPPED (59c7c2b5 still alive; idle 1.2 min)",
    "08:28:47Z–08:28:58Z  2 requests with sid=3602c17d  ← survived SSE disconnect",
    "08:29:00Z  SSE DISCONNECT 3602c17d (elapsed=125,004ms)",
    "~~~ 44.6 minute idle gap ~~~",
    "09:13:36Z  SESSION 3602c17d ended (deleted)",
  ]) {
    assert.ok(markdown.includes(`\n${line}\n`), line);
  }
});

test("renderMarkdown shortens session ids unless fullIds", () => {
  const short = renderMarkdown(buildSampleReport(), { fullIds: false });
  const full = renderMarkdown(buildSampleReport(), { fullIds: true });
  assert.ok(!short.includes(SESSION_A) && !short.includes(SESSION_B));
  assert.ok(full.includes(`| ${SESSION_A} |`) && full.includes(`SESSION ${SESSION_B} created`));
});

test("renderMarkdown marks active counts that were counted, with a footnote", () => {
  const report = buildSampleReport({ sessions: [buildSession(SESSION_A, "2026-02-27T08:28:46.712Z", { activeSessions: 3, activeSessionsSource: "counted" })] });
  const markdown = renderMarkdown(report, { fullIds: false });
  assert.match(markdown, /\| 59c7c2b5 \| 3\\\* \|/);
  assert.match(markdown, /\n\\\* counted from the log/);
});

/** HTML and links inside a code fence are shown, not interpreted. */
function removeFencedBlocks(markdown: string): string {
  return markdown.replace(/^```(?:text|mermaid)\n[^]*?\n```$/gm, "");
}

test("a hostile log value cannot break a table, inject HTML or a terminal sequence", () => {
  const markdown = renderMarkdown(buildHostileReport(), { fullIds: true });
  const prose = removeFencedBlocks(markdown);
  assert.ok(!markdown.includes("\x1b"), "raw ESC");
  assert.ok(markdown.includes("evil|'x'<script>\\x1b[31m\\n'''\\n# [click]"), "fenced value shown as text");
  assert.ok(prose.length < markdown.length - 100, "fence found");
  assert.ok(!prose.includes("<script>"), "raw HTML");
  assert.ok(!prose.includes("[click]"), "live link");
  const tables = findTables(markdown);
  assert.ok(tables.length >= 4);
  for (const rows of tables) {
    const header = countCells(rows[0]!);
    for (const row of rows) assert.equal(countCells(row), header, row);
  }
});

test("a hostile log value cannot close the timeline fence or start a block", () => {
  const markdown = renderMarkdown(buildHostileReport(), { fullIds: true });
  const fences = markdown.split("\n").filter((line) => line.startsWith("```"));
  assert.deepEqual(fences, ["```text", "```", "```mermaid", "```", "```mermaid", "```"]);
  assert.ok(markdown.includes("\n2. 1\\. tools/list\n3. \\# heading\n4. \\- item\n"));
});

test("renderMarkdown folds over 50 sessions and caps the table at 200 rows", () => {
  const sessions = Array.from({ length: 230 }, (_, i) =>
    buildSession(`${String(i).padStart(8, "0")}-session`, "2026-02-27T08:28:46.712Z", { gapSincePreviousMs: 1000 }),
  );
  const markdown = renderMarkdown(buildSampleReport({ sessions }), { fullIds: false });
  assert.match(markdown, /<details>\n<summary>230 sessions created<\/summary>/);
  assert.ok(markdown.includes("| 00000199 |") && !markdown.includes("| 00000200 |"));
  assert.ok(markdown.includes("… 30 more sessions (see --format json)"));
});

test("renderMarkdown stays under 60,000 characters by shortening the timeline", () => {
  const sample = buildSampleReport();
  const timeline = Array.from({ length: 5000 }, () => sample.timeline[3]!);
  const markdown = renderMarkdown(buildSampleReport({ timeline, timelineOmitted: 10 }), { fullIds: true });
  assert.ok(markdown.length <= 60_000, `${markdown.length} characters`);
  assert.match(markdown, /… [\d,]+ more entries \(see --format json\)/);
  assert.match(markdown, /shortened to keep this report under GitHub's/);
  assert.ok(markdown.includes("## Input"));
});

test("renderMarkdown says how many timeline entries the builder left out", () => {
  const markdown = renderMarkdown(buildSampleReport({ timelineOmitted: 1234 }), { fullIds: false });
  assert.ok(markdown.includes("\n… 1,234 more entries (see --format json)\n```"));
});

test("the summary's and the statistics' counts are written with thousands separators, as its other counts", () => {
  const sample = buildSampleReport();
  const client = sample.clients[0]!;
  const clients = Array.from({ length: 1500 }, (_, i) => ({ ...client, key: `agent-${i}/1.0`, userAgent: `agent-${i}/1.0`, losses: i < 1234 ? 1 : 0 }));
  const summary = { ...sample.summary, peakActiveSessions: 12_789, orphanedSessions: 12_502, serverRestarts: 1_001, sessionsWipedByRestart: 4_321 };
  const markdown = renderMarkdown(buildSampleReport({ clients, summary }), { fullIds: false });
  assert.ok(markdown.includes("1,234 of 1,500 clients lost their MCP session between batches"), markdown.slice(0, 400));
  assert.ok(markdown.includes("Peak active sessions: 12,789 (logged by the server)."));
  assert.ok(markdown.includes("- Peak active_sessions: 12,789\n"));
  assert.ok(markdown.includes("- Server restarts: 1,001; orphaned sessions (never ended): 12,502; sessions wiped by a restart: 4,321\n"));
});
