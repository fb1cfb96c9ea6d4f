import assert from "node:assert/strict";
import { test } from "node:test";
import { writeUuidWords } from "../../src/input/uuid-words.js";
import { IdFilter } from "../../src/timeline/id-filter.js";
import { hashOfWords } from "../../src/timeline/string-hash.js";
import { seededRandom } from "../support/seeded-random.js";

/** `count` random lower-case UUIDs' words, 4 an id. */
function randomIds(seed: number, count: number): Int32Array {
  const { int } = seededRandom(seed);
  const words = new Int32Array(4 * count);
  const hex = (digits: number) => Array.from({ length: digits }, () => int(16).toString(16)).join("");
  for (let i = 0; i < count; i++) assert.ok(writeUuidWords(`${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`, words, 4 * i));
  return words;
}

test("an IdFilter at its capacity says 'maybe' for every id added, and for some 0.5 % of the others", () => {
  const count = 20_000;
  const filter = new IdFilter(count);
  const added = randomIds(1, count);
  const others = randomIds(2, count);
  for (let i = 0; i < count; i++) filter.add(hashOfWords(added, 4 * i), added, 4 * i);
  assert.equal(filter.size, count);
  for (let i = 0; i < count; i++) assert.ok(filter.mayHold(hashOfWords(added, 4 * i), added, 4 * i), `id ${i}`);
  let maybe = 0;
  for (let i = 0; i < count; i++) if (filter.mayHold(hashOfWords(others, 4 * i), others, 4 * i)) maybe++;
  // 12 bits an id, 8 of them set: 0.54 % measured on 6 million ids; some 108 expected here.
  assert.ok(maybe > 0 && maybe < 250, `${maybe} false positives of ${count}`);
});

test("an empty IdFilter says 'no' to every id", () => {
  const filter = new IdFilter(1);
  const ids = randomIds(3, 1_000);
  for (let i = 0; i < 1_000; i++) assert.equal(filter.mayHold(hashOfWords(ids, 4 * i), ids, 4 * i), false);
});
