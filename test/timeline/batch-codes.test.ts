import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { PACKED } from "../../src/input/event-codec.js";
import { BatchCodes } from "../../src/timeline/batch-codes.js";
import { ABSENT_CODE, Interner, NULL_CODE } from "../../src/timeline/interner.js";

test("BatchCodes numbers a batch's strings as the Interner does, batch after batch, null and absent included", () => {
  const value = fc.constantFrom("a", "b", "session-1", "session-2");
  // A batch: its string table (distinct values) and the indexes its fields read, NULL and ABSENT among them.
  const batch = fc.uniqueArray(value, { minLength: 1 }).chain((strings) =>
    fc.tuple(fc.constant(strings), fc.array(fc.integer({ min: PACKED.ABSENT, max: strings.length - 1 }), { maxLength: 30 })),
  );
  fc.assert(
    fc.property(fc.array(batch, { maxLength: 8 }), (batches) => {
      const strings = new Interner();
      const codes = new BatchCodes(strings);
      const reference = new Interner();
      for (const [table, indexes] of batches) {
        // Each batch's strings are new string objects, as a structured clone makes them.
        codes.start(table.map((s) => [...s].join("")));
        for (const index of indexes) {
          const expected = index === PACKED.NULL ? NULL_CODE : index === PACKED.ABSENT ? ABSENT_CODE : reference.code(table[index]!);
          assert.equal(codes.code(index), expected);
        }
      }
    }),
  );
});

test("a batch larger than any before it is numbered whole", () => {
  const strings = new Interner();
  const codes = new BatchCodes(strings);
  const table = Array.from({ length: 5000 }, (_, i) => `s${i}`);
  codes.start(table.slice(0, 10));
  codes.code(3);
  codes.start(table);
  assert.deepEqual([codes.code(4999), codes.code(3), codes.code(0)], [strings.code("s4999"), strings.code("s3"), strings.code("s0")]);
});
