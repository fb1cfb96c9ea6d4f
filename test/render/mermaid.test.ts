import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "../../src/render/markdown.js";
import { MAX_GANTT_BARS, renderSessionGantt } from "../../src/render/mermaid-gantt.js";
import { mermaidLabel } from "../../src/render/mermaid-text.js";
import { MAX_XYCHART_POINTS, renderActiveSessionsChart } from "../../src/render/mermaid-xychart.js";
import { extractMermaidBlocks, parseMermaid, readGanttTasks } from "./mermaid-parse.js";
import { buildSampleReport, buildSession, SESSION_A } from "./sample-report.js";

const HOSTILE_ID = "x:y;#58;z`\n%%{init}%%\u001b[31m<b>section evil</b>";

function buildManySessions(count: number) {
  const start = Date.parse("2026-02-27T08:00:00.000Z");
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * 1000).toISOString();
    return buildSession(`${String(i).padStart(8, "0")}-id`, at, { lastSeenAt: new Date(start + i * 1000 + 300).toISOString() });
  });
}

test("the markdown report's two Mermaid blocks parse with Mermaid's own parser", async () => {
  const blocks = extractMermaidBlocks(renderMarkdown(buildSampleReport(), { fullIds: false }));
  assert.equal(blocks.length, 2);
  assert.deepEqual(await Promise.all(blocks.map(parseMermaid)), ["gantt", "xychart"]);
});

test("the gantt draws one bar per session, tagged by how it ended, at least 1% of the span wide", async () => {
  const tasks = await readGanttTasks(extractMermaidBlocks(renderSessionGantt(buildSampleReport(), false))[0]!);
  assert.equal(tasks.length, 2);
  assert.deepEqual(tasks.map((t) => t.task.trim()), ["1. 59c7c2b5, 2 requests", "2. 3602c17d, 2 requests"]);
  const [orphaned, deleted] = tasks as [(typeof tasks)[number] & { crit?: boolean; done?: boolean }, (typeof tasks)[number] & { crit?: boolean; done?: boolean }];
  assert.equal(orphaned.crit, true);
  assert.equal(deleted.done, true);
  assert.equal(orphaned.startTime.toISOString(), "2026-02-27T08:28:46.712Z");
  assert.ok(orphaned.endTime.getTime() - orphaned.startTime.getTime() >= 1000);
  assert.ok(deleted.endTime.getTime() >= Date.parse("2026-02-27T08:28:58.900Z"));
});

test("a hostile session id and client cannot break out of a gantt task", async () => {
  const sample = buildSampleReport();
  const report = buildSampleReport({ sessions: [buildSession(HOSTILE_ID, "2026-02-27T08:28:46.712Z", { client: "evil: ua;\n  section x" }), sample.sessions[1]!] });
  const gantt = extractMermaidBlocks(renderSessionGantt(report, true))[0]!;
  const labels = gantt.split("\n").filter((line) => !line.includes("axisFormat"));
  assert.equal(labels.length, 7);
  for (const line of labels) assert.doesNotMatch(line.replace(/#58;/g, ""), /[`;<>%\u001b]|^\s*section x/);
  const tasks = await readGanttTasks(gantt);
  assert.equal(tasks.length, 2);
  // Mermaid keeps `#58;` as an entity placeholder until it draws the label as a colon.
  assert.match(tasks[0]!.task, /^1\. x\S+y\?\?58\?z/);
});

test("mermaidLabel writes `:` as #58; and keeps plain text", () => {
  assert.equal(mermaidLabel("openai-mcp/1.0.0 (10.0.0.1)"), "openai-mcp/1.0.0 (10.0.0.1)");
  assert.equal(mermaidLabel("::1"), "#58;#58;1");
  assert.equal(mermaidLabel("a;b#c"), "a?b?c");
});

test("the gantt stops at MAX_GANTT_BARS and says how many sessions it left out", async () => {
  const report = buildSampleReport({ sessions: buildManySessions(MAX_GANTT_BARS + 7) });
  const section = renderSessionGantt(report, false);
  assert.match(section, /7 more sessions not drawn/);
  const tasks = await readGanttTasks(extractMermaidBlocks(section)[0]!);
  assert.equal(tasks.length, MAX_GANTT_BARS);
});

test("the active-sessions chart keeps the peak, caps its points and quotes its time labels", async () => {
  const start = Date.parse("2026-02-27T08:00:00.000Z");
  const series = Array.from({ length: 300 }, (_, i) => ({ at: new Date(start + i * 1000).toISOString(), active: i === 151 ? 99 : i % 5, source: "logged" as const }));
  const block = extractMermaidBlocks(renderActiveSessionsChart(buildSampleReport({ activeSessionsSeries: series })))[0]!;
  assert.equal(await parseMermaid(block), "xychart");
  const values = JSON.parse(/line (\[.*\])/.exec(block)![1]!) as number[];
  assert.equal(values.length, MAX_XYCHART_POINTS);
  assert.equal(Math.max(...values), 99);
  assert.match(block, /x-axis \["08:00:00", /);
  assert.match(block, /y-axis "sessions" 0 --> 99/);
});

test("--no-charts (charts: false) leaves the Mermaid blocks out", () => {
  const markdown = renderMarkdown(buildSampleReport(), { fullIds: false, charts: false });
  assert.ok(!markdown.includes("```mermaid"));
  assert.ok(!markdown.includes("## Charts"));
  assert.ok(renderMarkdown(buildSampleReport(), { fullIds: false }).includes("## Charts"));
});

test("a report without sessions or counts draws no chart", () => {
  const markdown = renderMarkdown(buildSampleReport({ sessions: [], activeSessionsSeries: [] }), { fullIds: false });
  assert.ok(!markdown.includes("## Charts"));
  assert.ok(SESSION_A.length > 0);
});
