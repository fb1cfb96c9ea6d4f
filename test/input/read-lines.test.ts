import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { readLines, type RawLine } from "../../src/input/read-lines.js";

async function linesOf(content: string | Buffer, maxLineBytes?: number): Promise<RawLine[]> {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-lines-"));
  const path = join(dir, "log.jsonl");
  await writeFile(path, content);
  const lines: RawLine[] = [];
  for await (const line of readLines(path, maxLineBytes)) lines.push(line);
  return lines;
}

const summary = (lines: RawLine[]) => lines.map((l) => [l.line, l.tooLong ? "TOO LONG" : l.text, l.terminated]);

test("CRLF, a BOM and an unterminated last line", async () => {
  assert.deepEqual(summary(await linesOf("\ufeffa\r\nb\r\n\r\nc")), [
    [1, "a", true],
    [2, "b", true],
    [3, "", true],
    [4, "c", false],
  ]);
  assert.deepEqual(await linesOf(""), []);
});

test("a line exactly at the limit is read; one byte more is skipped, and reading goes on", async () => {
  assert.deepEqual(summary(await linesOf("12345\n123456\nok\n1234567", 5)), [
    [1, "12345", true],
    [2, "TOO LONG", true],
    [3, "ok", true],
    [4, "TOO LONG", false],
  ]);
});

test("lines spanning 1 MiB chunks are joined, and an overlong one spanning chunks is skipped", async () => {
  const long = "x".repeat(1.5 * (1 << 20));
  const longer = "y".repeat(3 << 20);
  const lines = await linesOf(`a\n${long}\n${longer}\nb\n${long}`, 2 << 20);
  assert.deepEqual(lines.map((l) => [l.line, l.tooLong, l.text.length, l.terminated]), [
    [1, false, 1, true],
    [2, false, long.length, true],
    [3, true, 0, true],
    [4, false, 1, true],
    [5, false, long.length, false],
  ]);
  assert.equal(lines[1]!.text, long);
});

test("a 50 MB line is skipped in bounded memory", async () => {
  const huge = Buffer.alloc(50 << 20, 0x61);
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-lines-"));
  const path = join(dir, "huge.jsonl");
  await writeFile(path, Buffer.concat([Buffer.from("first\n"), huge, Buffer.from("\nlast\n")]));
  // Chunks already dropped still count until collected: measure what survives a collection.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const retained = () => (gc(), process.memoryUsage().arrayBuffers);
  const before = retained();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, retained())), 5);
  const lines: RawLine[] = [];
  for await (const line of readLines(path)) {
    peak = Math.max(peak, retained());
    lines.push(line);
  }
  clearInterval(sampler);
  assert.deepEqual(summary(lines), [
    [1, "first", true],
    [2, "TOO LONG", true],
    [3, "last", true],
  ]);
  assert.ok(peak - before < 16 << 20, `buffered ${((peak - before) / 2 ** 20).toFixed(1)} MiB for a 50 MB line`);
});

test("bytes that are not UTF-8 are flagged; a logged U+FFFD is not", async () => {
  const lines = await linesOf(Buffer.concat([Buffer.from("ok \ufffd\nbad "), Buffer.from([0xc3, 0x28]), Buffer.from("\n")]));
  assert.deepEqual(lines.map((l) => [l.text, l.invalidUtf8]), [
    ["ok \ufffd", false],
    ["bad \ufffd(", true],
  ]);
});
