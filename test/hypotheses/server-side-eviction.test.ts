import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_HYPOTHESIS_EVIDENCE } from "../../src/hypotheses/hypothesis.js";
import { serverSideEviction } from "../../src/hypotheses/server-side-eviction.js";
import { FILE, timelineOf } from "../support/analyzer-tester.js";
import { closed, initialize, started } from "../support/log-lines.js";

test("server-side-eviction: every session the server closed is counted, and the first ones in the timeline's session order are its evidence", async () => {
  const sessions = 3 * MAX_HYPOTHESIS_EVIDENCE;
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < sessions; i++) lines.push(...initialize(i, `s${i}`, i + 1));
  // Closed newest first, so that the log's order of the ends is not the sessions' order.
  const closedLine = new Map<number, number>();
  for (let i = sessions - 1; i >= 0; i--) {
    lines.push(closed(100 + sessions - i, `s${i}`));
    closedLine.set(i, lines.length);
  }
  lines.push(...initialize(200, "again", 1));
  // Ends the last session by a restart, not by the server's eviction: neither counted nor shown.
  lines.push(started(300, 2));
  const timeline = await timelineOf(lines);
  const decision = serverSideEviction.decide(timeline);
  assert.equal(decision.verdict, "supported");
  assert.match(decision.reason, new RegExp(`^the server closed or removed ${closedLine.size} session\\(s\\);`));
  const firstClosed = [...closedLine.keys()].sort((a, b) => a - b).slice(0, MAX_HYPOTHESIS_EVIDENCE);
  assert.deepEqual(decision.evidence, firstClosed.map((i) => ({ file: FILE, line: closedLine.get(i)! })));
});
