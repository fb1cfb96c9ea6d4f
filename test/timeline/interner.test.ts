import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { writeUuidWords } from "../../src/input/uuid-words.js";
import { ABSENT_CODE, Interner, NULL_CODE } from "../../src/timeline/interner.js";
import { withoutTemporaryFiles } from "../support/scratch-directory.js";
import { seededInts } from "../support/seeded-random.js";

test("the Interner numbers strings in the order they first come, as a Map would, through the table's growth", () => {
  const strings = new Interner();
  const reference = new Map<string, number>();
  // Ids like the logs' (new string objects each time, as a clone makes them), the empty string,
  // strings of one unit apart and non-ASCII ones; each asked again later.
  const value = (i: number) => (i % 97 === 0 ? "" : i % 5 === 0 ? `é${i}\u{1F600}` : `${(i * 2654435761) >>> 0}-${i}`.padStart(36, "0"));
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20_000; i += round + 1) {
      const s = [...value(i)].join("");
      if (!reference.has(s)) reference.set(s, reference.size);
      assert.equal(strings.code(s), reference.get(s));
    }
  }
  for (const [s, code] of reference) assert.equal(strings.string(code), s);
  assert.deepEqual([strings.code(null), strings.code(undefined), strings.string(NULL_CODE), strings.string(ABSENT_CODE)], [NULL_CODE, ABSENT_CODE, null, undefined]);
});

test("the Interner gives equal strings one number and different strings different ones", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "binary", maxLength: 6 }), { maxLength: 3000 }), (values) => {
      const strings = new Interner();
      const reference = new Map<string, number>();
      for (const s of values) {
        if (!reference.has(s)) reference.set(s, reference.size);
        assert.equal(strings.code(s), reference.get(s));
      }
    }),
  );
});

test("findAll numbers the strings held already, as code would, and leaves the others to code, through collisions and growth", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "binary", maxLength: 4 }), { maxLength: 400 }), fc.uniqueArray(fc.string({ unit: "binary", maxLength: 4 }), { maxLength: 200 }), (held, asked) => {
      const strings = new Interner();
      for (const s of held) strings.code(s);
      const before = held.length === 0 ? 0 : Math.max(...held.map((s) => strings.code(s))) + 1;
      // New string objects, as a batch's clone makes them, at scattered indexes of the batch's table.
      const values = ["x", ...asked.map((s) => [...s].join(""))];
      const indexes = Int32Array.from(asked, (_, k) => k + 1);
      const codes = new Int32Array(values.length).fill(-7);
      strings.findAll(values, indexes, indexes.length, codes);
      assert.equal(codes[0], -7);
      asked.forEach((s, k) => assert.equal(codes[k + 1], held.includes(s) ? strings.code(s) : -7));
      // Nothing was added: the next new string still takes the next number.
      assert.equal(strings.code("\u{1F600}not held\u{1F600}"), before);
    }),
  );
});

test("the Interner numbers UUIDs and other strings together as a Map would, and gives each back as it came", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
          // One character of a UUID replaced by any other: a hyphen, a hex digit's low byte in a wider unit, a surrogate half.
          fc.tuple(fc.uuid(), fc.nat(35), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })).map(([u, k, c]) => u.slice(0, k) + c + u.slice(k + 1)),
          fc.string({ unit: "binary", maxLength: 4 }),
        ),
        { maxLength: 300 },
      ),
      (values) => {
        const strings = new Interner();
        const reference = new Map<string, number>();
        // Twice, the second time as new string objects (as a batch's clone makes them), through findAll first.
        for (const s of values) {
          if (!reference.has(s)) reference.set(s, reference.size);
          assert.equal(strings.code(s), reference.get(s));
        }
        const again = values.map((s) => [...s].join(""));
        const codes = new Int32Array(again.length).fill(-7);
        strings.findAll(again, Int32Array.from(again, (_, k) => k), again.length, codes);
        again.forEach((s, k) => assert.equal(codes[k], reference.get(s)));
        for (const s of again) assert.equal(strings.code(s), reference.get(s));
        for (const [s, code] of reference) assert.equal(strings.string(code), s);
      },
    ),
  );
});

test("UUIDs are numbered and given back across their blocks of words, among strings that are not UUIDs", () => {
  const strings = new Interner();
  const uuid = (i: number) => `${(i >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${(i * 2654435761 >>> 0).toString(16).padStart(12, "0")}`;
  for (let i = 0; i < 10_000; i++) assert.equal(strings.code(i % 3 === 0 ? `m${i}` : uuid(i)), i);
  for (let i = 0; i < 10_000; i++) assert.equal(strings.string(i), i % 3 === 0 ? `m${i}` : uuid(i));
  assert.equal(strings.code(uuid(9_998)), 9_998);
  assert.deepEqual([strings.isEmpty(strings.code("")), strings.isEmpty(1), strings.isEmpty(0)], [true, false, false]);
});

test("strings other than UUIDs few and far between among thousands of UUIDs (blocks of numbers with no string, and a string alone in its block) are numbered and given back", () => {
  const strings = new Interner();
  const uuid = (i: number) => `${(i >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${(i * 2654435761 >>> 0).toString(16).padStart(12, "0")}`;
  // Strings at the first numbers, then alone at 1,023, 1,024, 5,000 and 9,999 (the empty one), UUIDs everywhere else.
  const alone = new Map([[1_023, "a"], [1_024, "b"], [5_000, "client @ 10.0.0.1"], [9_999, ""]]);
  const value = (i: number) => (i < 20 ? `m${i}` : (alone.get(i) ?? uuid(i)));
  for (let i = 0; i < 10_000; i++) assert.equal(strings.code(value(i)), i);
  for (let i = 0; i < 10_000; i++) assert.equal(strings.string(i), value(i));
  for (const i of [0, 19, 20, 1_022, 1_023, 1_024, 1_025, 3_000, 5_000, 9_998, 9_999]) assert.equal(strings.code([...value(i)].join("")), i);
  const words = new Int32Array(4);
  writeUuidWords(uuid(3_000), words, 0);
  assert.equal(strings.codeOfUuid(words, 0), 3_000);
  assert.deepEqual([strings.isEmpty(9_999), strings.isEmpty(5_000), strings.isEmpty(3_000)], [true, false, false]);
  assert.equal(strings.code("new"), 10_000);
});

test("codeOfUuid numbers a UUID's words as code numbers its string, and findAllUuids finds those held as findAll does", () => {
  const uuid = fc.oneof(fc.constantFrom("21e2baed-3c2d-4a16-9acf-9357c68cb6a7", "00000000-0000-0000-0000-000000000000"), fc.uuid());
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.oneof(uuid, fc.string({ maxLength: 4 })), fc.boolean()), { maxLength: 300 }), fc.uniqueArray(uuid, { maxLength: 100 }), (values, asked) => {
      const strings = new Interner();
      const reference = new Map<string, number>();
      const words = new Int32Array(4);
      // A UUID asked by its words or by its string, as a batch from a reading thread or an inline one may.
      for (const [s, asWords] of values) {
        if (!reference.has(s)) reference.set(s, reference.size);
        const code = asWords && writeUuidWords(s, words, 0) ? strings.codeOfUuid(words, 0) : strings.code(s);
        assert.equal(code, reference.get(s));
      }
      const askedWords = new Int32Array(4 * asked.length);
      asked.forEach((s, k) => writeUuidWords(s, askedWords, 4 * k));
      const codes = new Int32Array(asked.length).fill(-7);
      strings.findAllUuids(askedWords, asked.length, codes);
      asked.forEach((s, k) => assert.equal(codes[k], reference.get(s) ?? -7));
      // Nothing was added: the next new string still takes the next number.
      assert.equal(strings.code("\u{1F600}not held"), reference.size);
      for (const [s, code] of reference) assert.equal(strings.string(code), s);
    }),
  );
});

test("a table of 2^18 slots, 0.76 full, whose tags keep 14 of the hash's bits, numbers 200,000 UUIDs and finds each, and finds none of 200,000 others", () => {
  const strings = new Interner();
  const uuid = (i: number) => `${(i >>> 0).toString(16).padStart(8, "0")}-${(i & 0xffff).toString(16).padStart(4, "0")}-4000-8000-${((i * 2654435761) >>> 0).toString(16).padStart(12, "0")}`;
  const count = 200_000;
  const held = new Int32Array(4 * count);
  const others = new Int32Array(4 * count);
  for (let i = 0; i < count; i++) {
    writeUuidWords(uuid(i), held, 4 * i);
    writeUuidWords(uuid(count + i), others, 4 * i);
  }
  // Through every growth, a string that is not a UUID now and then (their hashes made again from the string at each growth).
  for (let i = 0; i < count; i++) {
    assert.equal(strings.codeOfUuid(held, 4 * i), i + Math.floor(i / 1000));
    if (i % 1000 === 999) assert.equal(strings.code(`m${i}`), i + 1 + Math.floor(i / 1000));
  }
  const codes = new Int32Array(count).fill(-7);
  strings.findAllUuids(held, count, codes);
  codes.forEach((code, i) => assert.equal(code, i + Math.floor(i / 1000)));
  codes.fill(-7);
  strings.findAllUuids(others, count, codes);
  assert.equal(codes.findIndex((code) => code !== -7), -1);
  for (let i = 999; i < count; i += 1000) assert.equal(strings.code([...`m${i}`].join("")), i + 1 + Math.floor(i / 1000));
  assert.equal(strings.codeOfUuid(held, 4 * 12_345), 12_345 + 12);
  assert.equal(strings.string(12_345 + 12), uuid(12_345));
  assert.equal(strings.code("new"), count + count / 1000);
});

test("UUIDs whose blocks of words left memory are found and given back as they came, and an id asked over and over is read from the file once", () => {
  const { residentBlocks, recentIds } = Interner;
  Interner.residentBlocks = 2;
  Interner.recentIds = 8;
  try {
    const strings = new Interner();
    const uuid = (i: number) => `${(i >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${((i * 2654435761) >>> 0).toString(16).padStart(12, "0")}`;
    const value = (i: number) => (i % 1000 === 7 ? `client ${i}` : uuid(i));
    const count = 30_000;
    for (let i = 0; i < count; i++) assert.equal(strings.code(value(i)), i);
    assert.ok(strings.spilledBlocks >= 4, `${strings.spilledBlocks} blocks spilled`);
    // The counts of ids read alone allow for false matches: a lookup compares the words of every
    // id whose slot's tag (bits of a hash seeded at random per process, string-hash.ts) equals its
    // own, and one of a block out of memory is read alone then (and kept in its slot, or counted
    // towards its block's whole read). Some one lookup in 40,000 meets one here (a table of 2^16
    // slots), so a few ids may be read before the passes below, or during them, besides theirs.
    const FALSE_MATCHES = 4;
    // Three old ids in three blocks out of memory, asked a thousand times each among one another:
    // each read from the file once at most, then kept in its slot.
    const hot = [5, 9_001, 17_003];
    const [readBack, idsRead] = [strings.blocksReadBack, strings.idsReadBack];
    for (let n = 0; n < 3_000; n++) assert.equal(strings.code([...uuid(hot[n % 3]!)].join("")), hot[n % 3]);
    assert.equal(strings.blocksReadBack - readBack, 0);
    assert.ok(strings.idsReadBack - idsRead <= 3 + FALSE_MATCHES, `${strings.idsReadBack - idsRead} ids read alone`);
    // Ids of one block asked in order, as sessions end: 7 at most read alone, then the block whole, once.
    const before = [strings.blocksReadBack, strings.idsReadBack];
    for (let i = 4096; i < 8192; i++) assert.equal(strings.code(value(i)), i);
    assert.equal(strings.blocksReadBack - before[0]!, 1);
    assert.ok(strings.idsReadBack - before[1]! <= 7 + FALSE_MATCHES, `${strings.idsReadBack - before[1]!} ids read alone`);
    // In an order of their own, by string, by words and through findAllUuids.
    const random = seededInts(3);
    const words = new Int32Array(4);
    for (let n = 0; n < 3_000; n++) {
      const i = random(count);
      const asked = [...value(i)].join("");
      assert.equal(n % 2 === 0 && writeUuidWords(asked, words, 0) ? strings.codeOfUuid(words, 0) : strings.code(asked), i, `id ${i}`);
      assert.equal(strings.string(i), value(i));
    }
    const askedWords = new Int32Array(4 * 500);
    const asked = Array.from({ length: 500 }, (_, k) => 1 + 59 * k);
    asked.forEach((i, k) => writeUuidWords(uuid(i), askedWords, 4 * k));
    const codes = new Int32Array(asked.length).fill(-7);
    strings.findAllUuids(askedWords, asked.length, codes);
    asked.forEach((i, k) => assert.equal(codes[k], i % 1000 === 7 ? -7 : i));
    assert.equal(strings.code(uuid(count)), count);
  } finally {
    Interner.residentBlocks = residentBlocks;
    Interner.recentIds = recentIds;
  }
});

/** Interner's generations made `bits` numbers each while `run` makes interners (and the id blocks' bounds small, so that the aged ids' words are out of memory too). */
function withGenerations<T>(bits: number, run: () => T): T {
  const { generationBits, residentBlocks, recentIds } = Interner;
  Interner.generationBits = bits;
  Interner.residentBlocks = 2;
  Interner.recentIds = 8;
  try {
    return run();
  } finally {
    Object.assign(Interner, { generationBits, residentBlocks, recentIds });
  }
}

test("with generations that age, every id is numbered as a Map would, asked again new, recent or old, by string, by words or through findAll and findAllUuids", () => {
  for (const bits of [6, 9]) {
    withGenerations(bits, () => {
      const strings = new Interner();
      const reference = new Map<string, number>();
      const made: string[] = [];
      const random = seededInts(bits);
      const uuid = (i: number) => `${((i * 2246822519) >>> 0).toString(16).padStart(8, "0")}-${(i & 0xffff).toString(16).padStart(4, "0")}-4000-8000-${((i * 2654435761) >>> 0).toString(16).padStart(12, "0")}`;
      const words = new Int32Array(4);
      const ask = (s: string, how: number) => {
        if (!reference.has(s)) reference.set(s, reference.size);
        const code = how === 0 && writeUuidWords(s, words, 0) ? strings.codeOfUuid(words, 0) : strings.code([...s].join(""));
        assert.equal(code, reference.get(s), `${s} (${reference.size} strings)`);
      };
      for (let n = 0; n < 20_000; n++) {
        const roll = random(100);
        // Mostly new UUIDs, one new string in 50 of another shape (kept in the table as they age);
        // the same ids again, lately made or from anywhere in the log.
        const s = roll < 60 ? (made.length % 50 === 0 ? `client ${made.length}` : uuid(made.length)) : roll < 80 ? made[Math.max(0, made.length - 1 - random(40))] : made[random(made.length)];
        if (s === undefined) continue;
        if (!reference.has(s)) made.push(s);
        ask(s, random(2));
        if (n % 500 === 499) {
          // A batch's lookups together: held ones found (or left to code when aged), none added.
          const batch = Array.from({ length: 64 }, () => made[random(made.length)]!).concat([uuid(10_000_000 + n)]);
          const batchWords = new Int32Array(4 * batch.length);
          const isUuid = batch.map((s, k) => writeUuidWords(s, batchWords, 4 * k));
          const codes = new Int32Array(batch.length).fill(-7);
          strings.findAllUuids(batchWords, batch.length, codes);
          const byString = new Int32Array(batch.length).fill(-7);
          strings.findAll(batch.map((s) => [...s].join("")), Int32Array.from(batch, (_, k) => k), batch.length, byString);
          batch.forEach((s, k) => {
            for (const found of isUuid[k] ? [codes[k]!, byString[k]!] : [byString[k]!]) assert.ok(found === -7 || found === reference.get(s), `${s}: ${found}`);
          });
          assert.equal(codes[batch.length - 1], -7);
          for (const s of batch) ask(s, random(2));
        }
      }
      for (const [s, code] of reference) assert.equal(strings.string(code), s);
      assert.equal(strings.code("not held"), reference.size);
      assert.ok(strings.agedTables >= Math.floor(made.length / 2 ** bits) - 2, `${strings.agedTables} generations aged of ${made.length} ids`);
    });
  }
});

test("generations stop aging where a sixteenth of one's strings are not UUIDs, and every string is numbered as before", () => {
  withGenerations(6, () => {
    for (const every of [10, 17]) {
      const strings = new Interner();
      const uuid = (i: number) => `${((i * 2246822519) >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${((i * 2654435761) >>> 0).toString(16).padStart(12, "0")}`;
      // One string in `every` is not a UUID: 7 of a generation of 64 ages none, 4 ages them all.
      const value = (i: number) => (i % every === 0 ? `sess-${i}` : uuid(i));
      const count = 64 * 40;
      for (let i = 0; i < count; i++) assert.equal(strings.code(value(i)), i);
      assert.equal(strings.agedTables, every === 10 ? 0 : 39);
      for (let i = 0; i < count; i += 3) assert.equal(strings.code([...value(i)].join("")), i);
      for (let i = 0; i < count; i++) assert.equal(strings.string(i), value(i));
    }
  });
});

test("an aged generation's ids are asked in the file, a window of slots at a time, only when the filter lets them through", () => {
  withGenerations(10, () => {
    const strings = new Interner();
    const uuid = (i: number) => `${((i * 2246822519) >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${((i * 2654435761) >>> 0).toString(16).padStart(12, "0")}`;
    const count = 20 * 1024;
    for (let i = 0; i < count; i++) assert.equal(strings.code(uuid(i)), i);
    // 20 generations made: each aged once two were in the table, the last left alone in it.
    assert.equal(strings.agedTables, 19);
    // New ids: the filter stops nearly all (0.5 % false positives at its fullest), so few slots are read.
    let reads = strings.agedSlotReads;
    for (let i = count; i < count + 2_000; i++) assert.equal(strings.code(uuid(i)), i);
    assert.ok(strings.agedSlotReads - reads <= 16 * 19 * 40, `${strings.agedSlotReads - reads} slots read for 2,000 new ids`);
    // An old id: found in its table, then in the table with the young ones, not read again.
    reads = strings.agedSlotReads;
    assert.equal(strings.code(uuid(5)), 5);
    assert.ok(strings.agedSlotReads > reads);
    reads = strings.agedSlotReads;
    for (let n = 0; n < 100; n++) assert.equal(strings.code(uuid(5)), 5);
    assert.equal(strings.agedSlotReads, reads);
  });
});

test("with no temporary file to be had, the aged tables stay in memory and every id is found as before", () => {
  withoutTemporaryFiles(() =>
    withGenerations(8, () => {
      const strings = new Interner();
      const uuid = (i: number) => `${((i * 2246822519) >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${((i * 2654435761) >>> 0).toString(16).padStart(12, "0")}`;
      const count = 12 * 256;
      for (let i = 0; i < count; i++) assert.equal(strings.code(i % 100 === 0 ? `client ${i}` : uuid(i)), i);
      assert.equal(strings.agedTables, 11);
      for (let i = 0; i < count; i += 7) assert.equal(strings.code(i % 100 === 0 ? `client ${i}` : uuid(i)), i);
      assert.equal(strings.agedSlotReads, 0);
      assert.equal(strings.code(uuid(count)), count);
    }),
  );
});
