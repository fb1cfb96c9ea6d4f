import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { filterTimeline } from "../../src/timeline/filter-timeline.js";
import { narrateTimeline } from "../../src/timeline/narrate.js";
import { timelineOf } from "../support/analyzer-tester.js";
import { fromColumns, lossyLog, told } from "../support/narrated-initializes.js";
import { runCli } from "../support/run-cli.js";

/*
 * `--client` and `--session` narrow the timeline after the fold: the narrative's initializes come
 * from the observers Tallies.replay tells the filtered timeline's re-initializes, not from the
 * observer the walk told. The report's must be the filtered timeline's, as its columns say.
 */
test("the report's narrative under --client and --session tells the filtered timeline's initializes", async () => {
  const lines = lossyLog(5);
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-narrative-")), "case.jsonl");
  await writeFile(log, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const timeline = await timelineOf(lines);
  for (const filter of [
    { client: "c/1", session: null },
    { client: null, session: "s2" },
  ]) {
    const args = filter.client !== null ? ["--client", filter.client] : ["--session", filter.session!];
    const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never", ...args]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const filtered = filterTimeline(timeline, filter);
    const expected = fromColumns(filtered);
    assert.ok(expected.length > 0 && expected.length < fromColumns(timeline).length, args.join(" "));
    assert.deepEqual(told(report.timeline), expected, args.join(" "));
    assert.equal(report.timelineOmitted, narrateTimeline(filtered).omitted);
  }
});
