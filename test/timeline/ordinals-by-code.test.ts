import assert from "node:assert/strict";
import { test } from "node:test";
import { OrdinalsByCode } from "../../src/timeline/ordinals-by-code.js";
import { seededInts } from "../support/seeded-random.js";

test("each code reads the value last set, 0 for none, near values and far ones, before and after a block widens (a Map as the model)", () => {
  const random = seededInts(5);
  const ordinals = new OrdinalsByCode();
  const model = new Map<number, number>();
  let next = 2;
  for (let step = 0; step < 60_000; step++) {
    // Mostly the next code with a value near the last, as ids and their sessions come; now and
    // then an old code, a value far off (a block widened), or a code blocks ahead.
    const code = random(20) === 0 ? random(3 * next) : random(1_000) === 0 ? next + random(50_000) : next++;
    const value = random(200) === 0 ? 1 + random(2 ** 31 - 1) : 2 * next + random(2);
    ordinals.set(code, value);
    model.set(code, value);
    if (step % 97 === 0) for (let k = 0; k < 20; k++) {
      const asked = random(next + 60_000);
      assert.equal(ordinals.get(asked), model.get(asked) ?? 0, `step ${step}, code ${asked}`);
    }
  }
  for (const [code, value] of model) assert.equal(ordinals.get(code), value, `code ${code}`);
  assert.equal(ordinals.get(10 * next + 5), 0);
});

test("a value 32,768 or more from its block's first widens the block, its values kept; the next block stays narrow", () => {
  const ordinals = new OrdinalsByCode();
  ordinals.set(0, 100);
  ordinals.set(1, 100 + 0x7fff);
  ordinals.set(2, 100 - 0x7fff);
  assert.deepEqual([0, 1, 2, 3].map((c) => ordinals.get(c)), [100, 100 + 0x7fff, 100 - 0x7fff, 0]);
  ordinals.set(3, 100 - 0x8000);
  ordinals.set(4_096, 7);
  assert.deepEqual([0, 1, 2, 3, 4, 4_096, 4_097].map((c) => ordinals.get(c)), [100, 100 + 0x7fff, 100 - 0x7fff, 100 - 0x8000, 0, 7, 0]);
  ordinals.set(5, 2 ** 31 - 1);
  assert.equal(ordinals.get(5), 2 ** 31 - 1);
});

test("blocks out of memory read back the values set, a value read while its block was out read back once, kept up when set again", () => {
  const random = seededInts(9);
  const ordinals = new OrdinalsByCode(3);
  const model = new Map<number, number>();
  // Codes given in order, their values near; a few codes long given set and read all along.
  const kept = [5, 4_100, 9_000];
  for (let code = 0; code < 80_000; code++) {
    ordinals.set(code, 2 * code + 2);
    model.set(code, 2 * code + 2);
    if (code % 50 === 0) {
      const old = kept[random(3)]!;
      if (random(2) === 0) {
        const value = 2 * old + 3 + random(4);
        ordinals.set(old, value);
        model.set(old, value);
      }
      assert.equal(ordinals.get(old), model.get(old) ?? 0, `code ${code}, old ${old}`);
    }
  }
  assert.ok(ordinals.spilledBlocks >= 15, `${ordinals.spilledBlocks} blocks out of memory`);
  for (let code = 0; code < 80_000; code += 7) assert.equal(ordinals.get(code), model.get(code), `code ${code}`);
  assert.equal(ordinals.get(90_000), 0);
  // Read once with its block out of memory, a code is not read back again, its block out or in.
  // Codes the pass above (every seventh) did not read.
  const probes = [2, 3, 4, 5, 6].map((block) => [1, 2].map((k) => block * 4_096 + k).find((code) => code % 7 !== 0)!);
  let readBack = ordinals.blocksReadBack;
  for (const code of probes) assert.equal(ordinals.get(code), model.get(code));
  assert.equal(ordinals.blocksReadBack, readBack + probes.length);
  readBack = ordinals.blocksReadBack;
  for (const code of probes) assert.equal(ordinals.get(code), model.get(code));
  assert.equal(ordinals.blocksReadBack, readBack);
  // Another code of block 2 (8,195: not read above), out of memory again, reads it back.
  assert.equal(ordinals.get(2 * 4_096 + 3), model.get(2 * 4_096 + 3));
  assert.equal(ordinals.blocksReadBack, readBack + 1);
});
