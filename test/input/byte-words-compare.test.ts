import assert from "node:assert/strict";
import { test } from "node:test";
import { keepWords, matchesWords, wordCount, wordsOf } from "../../src/input/byte-words-compare.js";

/**
 * Kept words must match exactly the bytes they were kept from, wherever those sit: every length
 * up to past two eight-byte words (each of the three word sizes and their overlapping last word),
 * at every alignment, against each one-byte change, including to bytes no kept word holds (a
 * line's bytes may be anything: 0x00, 0x7f, 0xff, which make zeros and NaNs of eight bytes).
 */
test("kept words match their bytes and no others, at any length and offset", () => {
  const printable = (i: number) => 0x20 + ((i * 37 + 11) % 95);
  for (let length = 0; length <= 40; length++) {
    const kept = Buffer.from(Array.from({ length }, (_, i) => printable(i + length)));
    const words = new Float64Array(wordCount(length) + 2);
    keepWords(new DataView(kept.buffer, kept.byteOffset, kept.length), 0, length, words, 1);
    for (let offset = 0; offset < 8; offset++) {
      const line = Buffer.alloc(offset + length + 8, 0x7b);
      kept.copy(line, offset);
      const view = new DataView(line.buffer, line.byteOffset, line.length);
      assert.ok(matchesWords(view, offset, length, words, 1), `length ${length}, offset ${offset}`);
      for (let changed = 0; changed < length; changed++) {
        for (const byte of [0x00, 0x22, 0x7f, 0x80, 0xff, line[offset + changed]! ^ 1]) {
          const before = line[offset + changed]!;
          line[offset + changed] = byte;
          assert.equal(matchesWords(view, offset, length, words, 1), byte === before, `length ${length}, offset ${offset}, byte ${changed} = ${byte}`);
          line[offset + changed] = before;
        }
      }
    }
  }
});

test("a word list matches its text where the text sits in a line", () => {
  const line = Buffer.from('{"event":"mcp_request_headers"}');
  const view = new DataView(line.buffer, line.byteOffset, line.length);
  assert.ok(matchesWords(view, 1, 8, wordsOf('"event":'), 0));
  assert.ok(matchesWords(view, 10, 20, wordsOf('mcp_request_headers"'), 0));
  assert.ok(!matchesWords(view, 10, 20, wordsOf('mcp_request_headerz"'), 0));
  assert.ok(!matchesWords(view, 1, 8, wordsOf('"Event":'), 0));
});
