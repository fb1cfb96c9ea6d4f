import assert from "node:assert/strict";
import { test } from "node:test";
import { NearNumbers } from "../../src/timeline/near-numbers.js";
import { seededRandom } from "../support/seeded-random.js";

/** Each number pushed, read back as itself (Object.is: a zero's sign and NaN included). */
function assertGivesBack(values: readonly number[]) {
  const list = new NearNumbers(values.length);
  for (const value of values) list.push(value);
  assert.equal(list.length, values.length);
  for (let k = 0; k < values.length; k++) assert.ok(Object.is(list.get(k), values[k]), `${values.join(",")}: at ${k}, ${list.get(k)} for ${values[k]}`);
}

test("NearNumbers gives back every number as pushed, whether or not it fits four bytes", () => {
  const epoch = 1_767_225_600_000;
  assertGivesBack([]);
  assertGivesBack([7]);
  assertGivesBack([epoch, epoch + 5, epoch - 3, epoch + 2 ** 31 - 1, epoch - 2 ** 31]);
  // Past 2^31 from the first, a fraction, a zero's sign, Infinity, NaN: each from the start and after near ones.
  for (const odd of [epoch + 2 ** 31, epoch - 2 ** 31 - 1, epoch + 0.5, 0.1, -0, Infinity, -Infinity, NaN, 2 ** 53 + 2]) {
    assertGivesBack([odd, epoch, epoch + 1]);
    assertGivesBack([epoch, epoch + 1, odd, epoch + 2]);
  }
  assertGivesBack([0, -0, 0]);
  assertGivesBack([-0, 0]);
  // A first number whose distances are not exact in doubles: 2^53 + 2 plus 1 rounds.
  assertGivesBack([2 ** 53 + 2, 2 ** 53 + 3, 2 ** 53 + 4]);
  // A fraction whose distance from the first rounds to a whole number the first plus it does not give back.
  assertGivesBack([47978770.074715674, -951120949.9252843]);
  const random = seededRandom(11);
  const values = Array.from({ length: 500 }, () => (random.next() < 0.02 ? epoch + random.next() : epoch + random.int(1e9) - 5e8));
  assertGivesBack(values);
});

test("NearNumbers gives back every number set in place of one pushed, the ones before a wider one included", () => {
  const epoch = 1_767_225_600_000;
  for (const odd of [epoch + 2 ** 31, epoch + 0.25, -0, NaN, Infinity]) {
    const list = new NearNumbers(4);
    const expected = [epoch, epoch + 7, epoch - 7, epoch + 1];
    for (const value of expected) list.push(value);
    list.set(2, epoch + 3);
    expected[2] = epoch + 3;
    list.set(1, odd);
    expected[1] = odd;
    list.set(3, epoch + 9);
    expected[3] = epoch + 9;
    for (let k = 0; k < 4; k++) assert.ok(Object.is(list.get(k), expected[k]), `${odd}: at ${k}, ${list.get(k)} for ${expected[k]}`);
  }
});

test("NearNumbers cleared gives back the numbers pushed after, from a list widened or not (the longest survived gap's passes reuse one)", () => {
  const epoch = 1_767_225_600_000;
  for (const before of [[epoch, epoch + 1], [epoch, epoch + 0.5, epoch + 2]]) {
    for (const after of [[5, 6, -0], [epoch + 2 ** 31, 3], [epoch - 9]]) {
      const list = new NearNumbers(3);
      for (const value of before) list.push(value);
      list.clear();
      assert.equal(list.length, 0);
      for (const value of after) list.push(value);
      assert.equal(list.length, after.length);
      for (let k = 0; k < after.length; k++) assert.ok(Object.is(list.get(k), after[k]), `${before} then ${after}: at ${k}, ${list.get(k)}`);
    }
  }
});
