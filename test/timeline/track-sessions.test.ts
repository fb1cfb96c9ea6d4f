import assert from "node:assert/strict";
import { test } from "node:test";
import { timelineOf } from "../support/analyzer-tester.js";
import { created, request, response } from "../support/log-lines.js";

test("a session_created line claims the latest initialize nothing claimed, past thousands its response claimed", async () => {
  // Initializes answered with their session's id, which their responses claim, and three bare
  // ones no response answers, far apart: the stack of unclaimed initializes drops claimed ones
  // as it grows, never the three.
  const lines: Record<string, unknown>[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const sent = request(i, null);
    lines.push(sent);
    if (i % 1700 === 50) bare.push(lines.length);
    else lines.push(response(i + 0.5, sent, `s${i}`));
  }
  lines.push(created(6000, "c1"), created(6001, "c2"), created(6002, "c3"), created(6003, "c4"));
  const timeline = await timelineOf(lines);
  const createdBy = (id: string) => timeline.sessions.find((s) => s.id === id)!.createdBy?.ref.line ?? null;
  assert.deepEqual(["c1", "c2", "c3", "c4"].map(createdBy), [bare[2], bare[1], bare[0], null]);
  assert.deepEqual([createdBy("s0"), createdBy("s4999")], [1, lines.length - 5]);
});
