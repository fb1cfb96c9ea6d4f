import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ABSENT_CODE, Interner, NULL_CODE, RecentCode } from "../../src/timeline/interner.js";

test("a RecentCode numbers strings as its Interner does, a repeat of the last one included", () => {
  const value = fc.oneof(fc.constantFrom("a", "b", "session-1"), fc.constant(null), fc.constant(undefined));
  fc.assert(
    fc.property(fc.array(value, { maxLength: 60 }), (values) => {
      const strings = new Interner();
      const recent = new RecentCode(strings);
      const reference = new Interner();
      // Equal strings made apart (as JSON.parse makes them) are one string.
      for (const v of values) assert.equal(recent.code(typeof v === "string" ? [...v].join("") : v), reference.code(v));
    }),
  );
  const strings = new Interner();
  const recent = new RecentCode(strings);
  assert.deepEqual([recent.code(null), recent.code(undefined), recent.code("x"), recent.code("x")], [NULL_CODE, ABSENT_CODE, 0, 0]);
});
