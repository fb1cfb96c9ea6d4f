import assert from "node:assert/strict";
import { test } from "node:test";
import { hashBytes, hashText } from "../../src/input/line-hash.js";

test("a line's hash depends on its bytes only, not on where they sit", () => {
  const line = Buffer.from('{"event":"mcp_request_headers","timestamp":"2026-03-02T00:00:00.083Z","request_id":"r-1"}');
  const expected = hashBytes(line, 0, line.length);
  for (let offset = 0; offset < 40; offset++) {
    const placed = Buffer.concat([Buffer.alloc(offset, 0x7b), line, Buffer.alloc(5, 0x7d)]);
    assert.equal(hashBytes(placed, offset, offset + line.length), expected, `at offset ${offset}`);
  }
  assert.equal(hashText(line.toString()), expected);
});

test("every byte counts: in each lane of a 32-byte step, in the words after them and in the last bytes", () => {
  // 75 bytes: two 32-byte steps, two words, three bytes. A 30-bit hash: a chance collision in the
  // 75 changes is a few in a hundred million.
  const line = Buffer.from("x".repeat(75));
  const base = hashBytes(line, 0, line.length);
  for (let i = 0; i < line.length; i++) {
    const changed = Buffer.from(line);
    changed[i] = 0x79;
    assert.notEqual(hashBytes(changed, 0, changed.length), base, `byte ${i}`);
  }
  assert.notEqual(hashBytes(line, 0, 74), base, "the length");
});
