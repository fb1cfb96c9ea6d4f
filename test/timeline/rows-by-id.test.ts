import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RowsById } from "../../src/timeline/rows-by-id.js";

test("RowsById gives back what a Map would through sets, removals and growth", () => {
  // Few distinct ids, so that sets replace and removals move back entries of one probe run.
  // Request ids' codes (integers <= -3) among strings, "-5" beside -5: a code never equals a string.
  const id = fc.oneof(fc.integer({ min: 0, max: 40 }).map((i) => `r-${i}`), fc.string({ maxLength: 3 }), fc.integer({ min: -45, max: -3 }), fc.integer({ min: -45, max: -3 }).map(String));
  const op = fc.tuple(fc.constantFrom("set", "take", "take"), id, fc.nat(1000));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 2000 }), (ops) => {
      const table = new RowsById();
      const reference = new Map<string | number, number>();
      for (const [kind, key, row] of ops) {
        if (kind === "set") {
          table.set(key, row);
          reference.set(key, row);
          continue;
        }
        const slot = table.slotOf(key);
        assert.equal(slot === -1 ? undefined : table.rowAt(slot), reference.get(key));
        if (slot !== -1) table.removeAt(slot);
        reference.delete(key);
      }
      for (const [key, row] of reference) assert.equal(table.rowAt(table.slotOf(key)), row);
    }),
  );
});

test("RowsById holds thousands waiting at once, each found after others around it were taken", () => {
  const table = new RowsById();
  for (let i = 0; i < 5000; i++) table.set(`r-${i}`, i);
  for (let i = 0; i < 5000; i += 2) table.removeAt(table.slotOf(`r-${i}`));
  for (let i = 0; i < 5000; i++) assert.equal(table.slotOf(`r-${i}`) === -1 ? -1 : table.rowAt(table.slotOf(`r-${i}`)), i % 2 === 0 ? -1 : i);
});
