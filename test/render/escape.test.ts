import { test } from "node:test";
import assert from "node:assert/strict";
import { displayText, markdownCell, shortId } from "../../src/render/escape.js";

test("displayText shows terminal control characters as escapes", () => {
  assert.equal(displayText("a\x1b[31mred"), "a\\x1b[31mred");
  assert.equal(displayText("x\x9b2Jy"), "x\\x9b2Jy");
  assert.equal(displayText("\x00\x07\x7f"), "\\x00\\x07\\x7f");
});

test("displayText shows line breaks and tabs as escapes", () => {
  assert.equal(displayText("a\r\nb\tc"), "a\\r\\nb\\tc");
});

test("displayText shows bidi overrides and isolates", () => {
  assert.equal(displayText("abc\u202edcb"), "abc\\u202edcb");
  assert.equal(displayText("\u202a\u2066\u2069"), "\\u202a\\u2066\\u2069");
});

test("displayText leaves ordinary text, including non-ASCII, alone", () => {
  assert.equal(displayText("openai-mcp/1.0.0 ← café 会话"), "openai-mcp/1.0.0 ← café 会话");
});

test("markdownCell escapes pipes, also inside backticks", () => {
  assert.equal(markdownCell("a|b"), "a\\|b");
  assert.equal(markdownCell("`a|b`"), "&#96;a\\|b&#96;");
});

test("markdownCell turns HTML into entities", () => {
  assert.equal(markdownCell("<script>&"), "&lt;script&gt;&amp;");
});

test("markdownCell neutralises emphasis and links", () => {
  assert.equal(markdownCell("*a* _b_ [c](d) ~~e~~"), "\\*a\\* \\_b\\_ \\[c\\](d) \\~\\~e\\~\\~");
});

test("markdownCell escapes a backslash so an escaped pipe cannot become a live one", () => {
  assert.equal(markdownCell("a\\|b"), "a\\\\\\|b");
});

test("markdownCell applies displayText first", () => {
  assert.equal(markdownCell("a\nb\x1b"), "a\\\\nb\\\\x1b");
});

test("shortId keeps the first 8 characters unless full", () => {
  const id = "59c7c2b5-46fe-4cb4-b86b-625ca39e17da";
  assert.equal(shortId(id, false), "59c7c2b5");
  assert.equal(shortId(id, true), id);
  assert.equal(shortId("abc", false), "abc");
});
