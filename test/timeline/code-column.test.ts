import assert from "node:assert/strict";
import { test } from "node:test";
import { CodeColumn } from "../../src/timeline/code-column.js";
import { ABSENT_CODE, NULL_CODE } from "../../src/timeline/interner.js";

const isWide = (column: CodeColumn) => (column as unknown as { wide: Int32Array | null }).wide !== null;

test("a code column keeps strings' numbers in three bytes, from not logged up to 2^24 + ABSENT_CODE - 1", () => {
  const codes = [ABSENT_CODE, NULL_CODE, 0, 1, 255, 256, 65_535, 65_536, 375_000, 2 ** 24 + ABSENT_CODE - 1, 7];
  const column = new CodeColumn(codes.length + 1);
  codes.forEach((code, row) => column.set(row, code));
  assert.equal(isWide(column), false);
  codes.forEach((code, row) => assert.equal(column.get(row), code, `row ${row}`));
  assert.equal(column.get(codes.length), ABSENT_CODE);
});

test("a code past three bytes widens the column, which keeps every row, those written after it too", () => {
  const codes = [3, NULL_CODE, 70_000, 2 ** 24 + ABSENT_CODE, ABSENT_CODE, 2 ** 31 - 1, 12];
  const column = new CodeColumn(codes.length);
  codes.forEach((code, row) => {
    column.set(row, code);
    assert.equal(isWide(column), row >= 3, `row ${row}`);
  });
  codes.forEach((code, row) => assert.equal(column.get(row), code, `row ${row}`));
  column.set(0, 9);
  assert.equal(column.get(0), 9);
});
