import assert from "node:assert/strict";
import { test } from "node:test";
import type { Session } from "../../src/timeline/model.js";
import { SessionsAt } from "../../src/timeline/sessions-at.js";

test("sessions by position read back as the timeline's own, from either end, and keep those whose id is kept", () => {
  const sessions = ["a", "b", "c", "d"].map((id) => ({ id }) as Session);
  const list = new SessionsAt(sessions, Int32Array.of(3, 0, 2));
  assert.equal(list.length, 3);
  assert.deepEqual([...list].map((s) => s.id), ["d", "a", "c"]);
  assert.equal(list.at(0), sessions[3]);
  assert.deepEqual([list.at(-1)?.id, list.at(-3)?.id, list.at(3), list.at(-4)], ["c", "d", undefined, undefined]);
  const kept = list.keep((s) => ["c", "d", "b"].includes(s.id));
  assert.deepEqual([...kept].map((s) => s.id), ["d", "c"]);
  assert.deepEqual([...SessionsAt.NONE, ...list.keep(() => false)], []);
  assert.equal(list.keep(() => true), list);
});
