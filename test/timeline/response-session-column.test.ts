import assert from "node:assert/strict";
import { test } from "node:test";
import { ABSENT_CODE, NULL_CODE } from "../../src/timeline/interner.js";
import { ResponseSessionColumn } from "../../src/timeline/response-session-column.js";

const arrayOf = (column: ResponseSessionColumn) => (column as unknown as { values: object }).values.constructor;

/** Writes `[requestCode, code]` pairs row by row; the column, once every row is checked. */
function written(pairs: readonly (readonly [number, number])[]): ResponseSessionColumn {
  const column = new ResponseSessionColumn(pairs.length);
  pairs.forEach(([requestCode, code], row) => column.set(row, requestCode, code));
  pairs.forEach(([requestCode, code], row) => assert.equal(column.get(row, requestCode), code, `row ${row}`));
  return column;
}

test("a response's session id is kept in two bytes: the request's own, none, not logged, or near the block's other new ids", () => {
  const column = written([
    [400_000, 400_000],
    [NULL_CODE, 350_000],
    [NULL_CODE, 350_000 + 32_767],
    [NULL_CODE, 350_000 - 32_765],
    [NULL_CODE, NULL_CODE],
    [7, ABSENT_CODE],
    [ABSENT_CODE, 350_008],
    [9, NULL_CODE],
    [ABSENT_CODE, ABSENT_CODE],
    [0, 0],
  ]);
  assert.equal(arrayOf(column), Int16Array);
});

test("a response's session id too far from the block's first new one widens the block's column, which keeps every row", () => {
  for (const far of [350_000 + 32_768, 350_000 - 32_766, 0]) {
    const pairs = [
      [12, 12],
      [NULL_CODE, 350_000],
      [5, NULL_CODE],
      [6, ABSENT_CODE],
      [NULL_CODE, far],
      [NULL_CODE, 350_001],
      [13, 13],
    ] as const;
    const column = written(pairs);
    assert.equal(arrayOf(column), Int32Array, `${far}`);
  }
});

test("a response whose id is the request's own reads as the request's, whatever the request's is", () => {
  const column = written([
    [2 ** 31 - 1, 2 ** 31 - 1],
    [NULL_CODE, 3],
  ]);
  assert.equal(column.get(0, 77), 77);
});
