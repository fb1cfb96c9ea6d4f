import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { NONE, StretchedColumn } from "../../src/timeline/stretched-column.js";

const read = (column: StretchedColumn, length: number) => Array.from({ length }, (_, i) => column.get(i));

test("a stretched column reads back every value and NONE, narrow or widened", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constant(NONE), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })), { maxLength: 700 }), (values) => {
      const column = StretchedColumn.from(Int32Array.from(values));
      assert.deepEqual(read(column, values.length), values);
    }),
  );
});

test("a stretch whose values spread over 65,535 or more widens the column; 65,534 is kept in two bytes", () => {
  // Two stretches of 256: the second's spread decides.
  const values = (spread: number) => Int32Array.from({ length: 300 }, (_, i) => (i === 299 ? 1_000_000 + spread : i === 298 ? NONE : 1_000_000 + (i % 7)));
  for (const spread of [0xfffe, 0xffff, 0x10000]) {
    const column = StretchedColumn.from(values(spread));
    assert.deepEqual(read(column, 300), [...values(spread)]);
    assert.equal((column as unknown as { distances: Uint16Array | null }).distances === null, spread >= 0xffff, `spread ${spread}`);
  }
});

test("a stretch of NONE alone, and no values, read back", () => {
  assert.deepEqual(read(StretchedColumn.from(Int32Array.of(NONE, NONE)), 2), [NONE, NONE]);
  assert.deepEqual(read(StretchedColumn.from(new Int32Array(0)), 0), []);
});
