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

test("a response's session id is kept in a byte: the request's own, none, not logged, or near its stretch's other new ids", () => {
  const column = written([
    [400_000, 400_000],
    [NULL_CODE, 350_000],
    [NULL_CODE, 350_000 + 127],
    [NULL_CODE, 350_000 - 125],
    [NULL_CODE, NULL_CODE],
    [7, ABSENT_CODE],
    [ABSENT_CODE, 350_008],
    [9, NULL_CODE],
    [ABSENT_CODE, ABSENT_CODE],
    [0, 0],
  ]);
  assert.equal(arrayOf(column), Int8Array);
});

test("each stretch of 128 rows has its own base: ids far apart in one block keep a byte each", () => {
  const pairs = Array.from({ length: 600 }, (_, row) => (row % 3 === 0 ? ([row, row] as const) : ([NULL_CODE, 1000 * (row >>> 7) + (row % 128)] as const)));
  assert.equal(arrayOf(written(pairs)), Int8Array);
});

test("a response's session id too far from its stretch's first new one widens the block's column to two bytes, then four, which keep every row", () => {
  // The second stretch's rows: new ids near its own first, and requests' own.
  const later = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? ([i, i] as const) : ([NULL_CODE, 900_000 + i] as const)));
  for (const [far, width] of [
    [350_000 + 128, Int16Array],
    [350_000 - 126, Int16Array],
    [350_000 + 32_767, Int16Array],
    [350_000 + 32_768, Int32Array],
    [350_000 - 32_766, Int32Array],
    [0, Int32Array],
  ] as const) {
    const first = [[12, 12], [NULL_CODE, 350_000], [5, NULL_CODE], [6, ABSENT_CODE], [NULL_CODE, far], [NULL_CODE, 350_001], [13, 13]] as const;
    const rest = Array.from({ length: 128 - first.length }, (_, i) => [i, i] as const);
    assert.equal(arrayOf(written([...first, ...rest, ...later])), width, `${far}`);
    assert.equal(arrayOf(written([...first, ...rest, ...later, [NULL_CODE, 900_000 + 40_000]])), Int32Array, `${far}, then one past two bytes`);
  }
});

test("a response whose id is the request's own reads as the request's, whatever the request's is", () => {
  const column = written([
    [2 ** 31 - 1, 2 ** 31 - 1],
    [NULL_CODE, 3],
  ]);
  assert.equal(column.get(0, 77), 77);
});
