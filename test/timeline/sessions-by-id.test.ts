import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Session } from "../../src/timeline/model.js";
import { SessionsById } from "../../src/timeline/sessions-by-id.js";

test("SessionsById finds each session by its id as a Map set in the list's order would, ids made anew at each ask", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.uuid(), fc.string({ unit: "binary", maxLength: 6 })), { maxLength: 2500 }),
      fc.array(fc.string({ unit: "binary", maxLength: 6 }), { maxLength: 20 }),
      (ids, others) => {
        // A session's id is a new string at each read, as the interner makes a UUID's.
        const sessions = ids.map((id, k) => ({ k, get id() { return [...id].join(""); } }) as unknown as Session);
        const reference = new Map<string, Session>();
        for (let k = 0; k < ids.length; k++) reference.set(ids[k]!, sessions[k]!);
        const byId = new SessionsById(sessions);
        for (const id of [...ids, ...others]) assert.equal(byId.get([...id].join("")), reference.get(id));
      },
    ),
    { numRuns: 60 },
  );
});
