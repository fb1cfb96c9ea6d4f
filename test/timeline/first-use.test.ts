import assert from "node:assert/strict";
import { test } from "node:test";
import { FirstUse } from "../../src/timeline/first-use.js";

test("keeps the first position each id number was carried at, none for an id never carried", () => {
  const first = new FirstUse();
  first.note(3, 10);
  first.note(3, 12);
  first.note(0, 0);
  assert.equal(first.of(3), 10);
  assert.equal(first.of(0), 0);
  assert.equal(first.of(1), undefined);
  assert.equal(first.of(1_000_000), undefined);
});

test("grows past its first room, keeping what it held and none for the numbers between", () => {
  const first = new FirstUse();
  first.note(5, 7);
  first.note(100_000, 8);
  assert.equal(first.of(5), 7);
  assert.equal(first.of(100_000), 8);
  assert.equal(first.of(99_999), undefined);
  assert.equal(first.of(4096), undefined);
});

test("a position past four bytes widens every number to eight, none still none", () => {
  const first = new FirstUse();
  first.note(2, 0xfffffffe);
  first.note(1, 0xffffffff);
  first.note(7, 2 ** 40);
  first.note(2, 1);
  assert.equal(first.of(2), 0xfffffffe);
  assert.equal(first.of(1), 0xffffffff);
  assert.equal(first.of(7), 2 ** 40);
  assert.equal(first.of(3), undefined);
  first.note(9000, 2 ** 41);
  assert.equal(first.of(9000), 2 ** 41);
  assert.equal(first.of(8999), undefined);
});

test("numbers on either side of a block's edge keep their own positions, blocks never reached between them read none, and widening keeps them all", () => {
  const first = new FirstUse();
  const noted = [4095, 4096, 8191, 8192, 0, 40_000];
  noted.forEach((code, k) => first.note(code, 100 + k));
  noted.forEach((code, k) => assert.equal(first.of(code), 100 + k));
  for (const code of [1, 4094, 4097, 8190, 8193, 12_288, 20_000, 39_999, 40_001, 50_000]) assert.equal(first.of(code), undefined);
  first.note(20_000, 2 ** 33);
  first.note(4096, 2 ** 34);
  noted.forEach((code, k) => assert.equal(first.of(code), 100 + k));
  assert.equal(first.of(20_000), 2 ** 33);
  for (const code of [1, 4097, 8193, 20_001, 24_576, 39_999]) assert.equal(first.of(code), undefined);
  first.note(30_000, 5);
  assert.equal(first.of(30_000), 5);
  assert.equal(first.of(30_001), undefined);
});
