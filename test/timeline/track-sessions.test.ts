import assert from "node:assert/strict";
import { test } from "node:test";
import { timelineOf } from "../support/analyzer-tester.js";
import { created, disconnected, request, response } from "../support/log-lines.js";

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
  const createdBy = (id: string) => [...timeline.sessions].find((s) => s.id === id)!.createdBy?.ref.line ?? null;
  assert.deepEqual(["c1", "c2", "c3", "c4"].map(createdBy), [bare[2], bare[1], bare[0], null]);
  assert.deepEqual([createdBy("s0"), createdBy("s4999")], [1, lines.length - 5]);
});

/**
 * The walk notes a session's owner at its first request and knows it noted one from then on
 * (SessionTracker's ordinals): later requests of other clients change no owner, and the session is
 * still found by its id, by a closure, a DELETE, or a 404.
 */
test("a session's owner is its first request's client, whoever sends its later requests, and the session is found by its id after", async () => {
  const lines: Record<string, unknown>[] = [];
  const ids = ["s-a", "s-b", "s-c", "s-d"];
  for (const [k, id] of ids.entries()) lines.push(request(k, id, { ua: `first/${k}` }));
  for (let round = 0; round < 3; round++) for (const [k, id] of ids.entries()) lines.push(request(10 + round * 4 + k, id, { ua: `later/${round}` }));
  const del = request(30, "s-b", { ua: "later/9", method: "DELETE", rpc: null });
  const missing = request(31, "s-c", { ua: "later/9" });
  lines.push(disconnected(29, "s-a", 5), del, response(30.5, del, "s-b"), missing, response(31.5, missing, "s-c", 404));
  const timeline = await timelineOf(lines);
  const byId = (id: string) => [...timeline.sessions].find((s) => s.id === id)!;
  assert.deepEqual(ids.map((id) => byId(id).owner?.split(" @ ")[0]), ["first/0", "first/1", "first/2", "first/3"]);
  assert.deepEqual(ids.map((id) => [byId(id).requests.length, byId(id).end?.kind ?? null]), [[4, null], [5, "deleted"], [5, "not-found"], [4, null]]);
  assert.deepEqual([...byId("s-a").streamClosures].map((c) => c.elapsedMs), [5]);
});
