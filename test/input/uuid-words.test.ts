import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { uuidOf, writeUuidWords } from "../../src/input/uuid-words.js";

test("a lower-case canonical UUID's words give back its string", () => {
  fc.assert(
    fc.property(fc.uuid(), fc.nat(3), (uuid, at) => {
      const words = new Int32Array(8);
      assert.equal(writeUuidWords(uuid, words, at), true);
      assert.equal(uuidOf(words, at), uuid);
    }),
  );
  const words = new Int32Array(4);
  for (const uuid of ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "0123abcd-4567-89ef-fedc-ba9876543210"]) {
    assert.equal(writeUuidWords(uuid, words, 0), true);
    assert.equal(uuidOf(words, 0), uuid);
  }
});

test("any other string is not a UUID: upper case, a misplaced hyphen, another length, a non-hex or non-ASCII character", () => {
  const words = new Int32Array(4);
  const uuid = "21e2baed-3c2d-4a16-9acf-9357c68cb6a7";
  const others = [
    uuid.toUpperCase(),
    "21E2baed-3c2d-4a16-9acf-9357c68cb6a7",
    `{${uuid}}`,
    uuid.slice(1),
    `${uuid}0`,
    "21e2baed3-c2d-4a16-9acf-9357c68cb6a7",
    "21e2baed-3c2d-4a16-9acf-9357c68cb6ag",
    "21e2baed-3c2d-4a16-9acf-9357c68cb6a\u0130",
    // A unit whose low byte is a hex digit's ("a" is 0x61).
    "21e2baed-3c2d-4a16-9acf-9357c68cb6a\u0161",
    "21e2baed-3c2d-4a16-9acf-9357c68cb6a/",
    "21e2baed-3c2d-4a16-9acf-9357c68cb6a:",
    "21e2baed-3c2d-4a16-9acf-9357c68cb6a`",
    "21e2baed 3c2d-4a16-9acf-9357c68cb6a7",
    "",
  ];
  for (const other of others) assert.equal(writeUuidWords(other, words, 0), false, JSON.stringify(other));
  fc.assert(
    fc.property(fc.string({ unit: "binary", minLength: 36, maxLength: 36 }), (value) => {
      if (writeUuidWords(value, words, 0)) assert.equal(uuidOf(words, 0), value);
    }),
  );
});
