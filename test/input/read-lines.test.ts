import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { isUtf8 } from "node:buffer";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { hashText } from "../../src/input/line-hash.js";
import { CHUNK_BYTES, ChunkPool } from "../../src/input/file-chunks.js";
import { readBytes, readLines, splitLines, type RawLine } from "../../src/input/read-lines.js";

async function linesOf(content: string | Buffer, maxLineBytes?: number): Promise<RawLine[]> {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-lines-"));
  const path = join(dir, "log.jsonl");
  await writeFile(path, content);
  const lines: RawLine[] = [];
  for await (const batch of readLines(path, maxLineBytes)) lines.push(...batch);
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
  for await (const batch of readLines(path)) {
    peak = Math.max(peak, retained());
    lines.push(...batch);
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

/** A line as referenceLines gives it: every field but where its bytes are, which is checked apart. */
type ReferenceLine = Omit<RawLine, "bytes" | "start" | "end"> & { readonly lineBytes: Buffer };

/** What splitLines must give, line by line from the whole byte string: the definition it is held to. */
function referenceLines(bytes: Buffer, maxLineBytes: number): ReferenceLine[] {
  const lines: ReferenceLine[] = [];
  let start = 0;
  for (let n = 1; start < bytes.length; n++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const terminated = newline !== -1;
    if (end - start > maxLineBytes) lines.push({ line: n, text: "", terminated, tooLong: true, invalidUtf8: false, hash: 0, lineBytes: Buffer.alloc(0) });
    else {
      const line = bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
      const decoded = line.toString("utf8");
      const bom = n === 1 && decoded.startsWith("\ufeff");
      const text = bom ? decoded.slice(1) : decoded;
      // The hash splitLines takes from the bytes must be the hash of the text: lines equal as text hash alike.
      lines.push({ line: n, text, terminated, tooLong: false, invalidUtf8: !isUtf8(line), hash: hashText(text), lineBytes: bom ? line.subarray(3) : line });
    }
    start = end + 1;
  }
  return lines;
}

/** Lines with the bytes they point to copied out: the events format reads them, so they must be the line's, without CR or BOM. */
function withLineBytes(lines: readonly RawLine[]): ReferenceLine[] {
  return lines.map(({ bytes, start, end, ...line }) => ({ ...line, lineBytes: Buffer.from(bytes.subarray(start, end)) }));
}

async function* chunksOf(bytes: Buffer, cuts: number[]) {
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

test("lines and batches do not depend on where chunks split: multi-byte characters, CRLF, invalid bytes, long lines", async () => {
  const piece = fc.oneof(
    fc.constantFrom("\n", "\r\n", "\r", "\ufeff", "é", "€", "😀", "\ufffd", '{"event":"x"}', "abc"),
    fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString("latin1")),
  );
  const bytesOf = (pieces: string[], raw: boolean[]) => Buffer.concat(pieces.map((p, i) => (raw[i] ? Buffer.from(p, "latin1") : Buffer.from(p))));
  await fc.assert(
    fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), async (pieces, raw, cuts, max) => {
      const bytes = bytesOf(pieces, raw);
      const batches: RawLine[][] = [];
      for await (const batch of splitLines(chunksOf(bytes, cuts), max)) batches.push(batch);
      assert.ok(batches.every((b) => b.length > 0), "no empty batch");
      assert.deepEqual(withLineBytes(batches.flat()), referenceLines(bytes, max));
    }),
    { numRuns: 2000 },
  );
});

test("a batch holds the lines that ended in one span of a chunk; a line split across chunks goes with the chunk that ends it", async () => {
  const batches: number[][] = [];
  for await (const batch of splitLines(chunksOf(Buffer.from("a\nb\nc"), [1, 3, 4]))) batches.push(batch.map((l) => l.line));
  // Chunks "a", "\nb", "\n", "c": line 1 ends in the second chunk, line 2 in the third, line 3 at the end.
  assert.deepEqual(batches, [[1], [2], [3]]);
  const whole: string[][] = [];
  for await (const batch of splitLines(chunksOf(Buffer.from("x\ny\nz\n"), []))) whole.push(batch.map((l) => l.text));
  assert.deepEqual(whole, [["x", "y", "z"]]);
  // A 1 MiB chunk of short lines comes in several batches, none empty, in order, every line once.
  const many = Buffer.from(Array.from({ length: 60000 }, (_, i) => `line ${i}`).join("\n") + "\n");
  const spans: RawLine[][] = [];
  for await (const batch of splitLines(chunksOf(many, [1 << 20]))) spans.push(batch);
  assert.ok(spans.length > 2, `${spans.length} batches`);
  assert.ok(spans.every((b) => b.length > 0));
  assert.deepEqual(spans.flat().map((l) => l.text), Array.from({ length: 60000 }, (_, i) => `line ${i}`));
  assert.deepEqual(spans.flat().map((l) => l.line), Array.from({ length: 60000 }, (_, i) => i + 1));
});

test("a batch holds its lines and nothing else, longer or shorter than the batches before it", async () => {
  // Batches of 60, 3, some 26,000 (short lines fill a span with more than are made room for
  // ahead), 1 and 2 lines: each array must end at its last line, with no hole or stale line.
  const lines = (from: number, count: number, width: number) => Array.from({ length: count }, (_, i) => String(from + i).padStart(width, "0"));
  const texts = [...lines(0, 60, 4), ...lines(60, 3, 4), ...lines(63, 26000, 8), ...lines(26063, 1, 4), ...lines(26064, 2, 4)];
  const bytes = Buffer.from(texts.join("\n") + "\n");
  // A chunk ends after each group's last line.
  const cuts = [60, 63, 26063, 26064].map((n) => texts.slice(0, n).join("\n").length + 1);
  const batches: RawLine[][] = [];
  for await (const batch of splitLines(chunksOf(bytes, cuts))) batches.push(batch);
  assert.deepEqual(batches.map((b) => b.length), [60, 3, 26000, 1, 2]);
  // findIndex visits holes as undefined, where every and flat pass over them.
  for (const batch of batches) assert.equal(batch.findIndex((line) => line === undefined), -1);
  assert.deepEqual(batches.flat().map((l) => l.text), texts);
});

test("spans of a large chunk split at newlines, around lines longer than a span too", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 600_000 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 3 }), fc.boolean(), async (lengths, cuts, crlf) => {
      const bytes = Buffer.from(lengths.map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n)).join(crlf ? "\r\n" : "\n") + "\n");
      const lines: RawLine[] = [];
      for await (const batch of splitLines(chunksOf(bytes, cuts), 400_000)) lines.push(...batch);
      assert.deepEqual(withLineBytes(lines), referenceLines(bytes, 400_000));
    }),
    { numRuns: 60 },
  );
});

test("a file is read into two buffers again and again: each line's bytes hold while its batch is read, a line across chunks too", async () => {
  // Lines of many lengths, so that lines cross the 1 MiB chunks at different places.
  const texts = Array.from({ length: 40000 }, (_, i) => `{"n":${i},"pad":"${"abcdefghij".repeat(i % 37)}"}`);
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-lines-"));
  const path = join(dir, "log.jsonl");
  await writeFile(path, texts.join("\n") + "\n");
  assert.ok(texts.join("\n").length > 5 << 20);
  const chunkBuffers = new Set<ArrayBufferLike>();
  let count = 0;
  for await (const batch of readLines(path)) {
    for (const raw of batch) {
      assert.equal(raw.bytes.toString("utf8", raw.start, raw.end), texts[raw.line - 1], `line ${raw.line}`);
      if (raw.bytes.buffer.byteLength === CHUNK_BYTES) chunkBuffers.add(raw.bytes.buffer);
    }
    count += batch.length;
  }
  assert.equal(count, texts.length);
  assert.equal(chunkBuffers.size, 2);
});

test("a chunk not given back is never read into again", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-lines-"));
  const path = join(dir, "log.bin");
  await writeFile(path, Buffer.alloc(3 * CHUNK_BYTES + 5, 0x61));
  const kept: Buffer[] = [];
  for await (const chunk of readBytes(path)) kept.push(chunk);
  assert.deepEqual(kept.map((c) => c.length), [CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 5]);
  assert.equal(new Set(kept.map((c) => c.buffer)).size, 4);
});

test("a gzip file's compressed chunks are read into again once inflated, its lines the same", async () => {
  const path = await storedGzip(8);
  const pool = new ChunkPool();
  const taken = new Set<ArrayBufferLike>();
  const take = pool.take.bind(pool);
  pool.take = () => {
    const buffer = take();
    taken.add(buffer.buffer);
    return buffer;
  };
  let bytes = 0;
  for await (const chunk of readBytes(path, undefined, pool)) {
    assert.ok(chunk.every((byte, i) => byte === ((bytes + i) % 1024 === 1023 ? 0x0a : 0x78)));
    bytes += chunk.length;
    // Given back once read, as splitLines does: the log is inflated into the pool's buffers too.
    pool.release(chunk);
  }
  assert.equal(bytes, 8 << 20);
  // Stored, the file is some nine chunks: read into three buffers at most (one being inflated, one read ahead, one inflated into).
  assert.ok(taken.size <= 3, `${taken.size} buffers`);
});

test("a gzip file's compressed chunks are not held while its lines are read", async () => {
  const path = await storedGzip(24);
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const retained = () => (gc(), process.memoryUsage().arrayBuffers);
  const before = retained();
  let peak = before;
  let count = 0;
  for await (const _ of readLines(path)) {
    if (++count % 16 === 0) peak = Math.max(peak, retained());
  }
  assert.ok(count > 64);
  assert.ok(peak - before < 12 << 20, `held ${((peak - before) / 2 ** 20).toFixed(1)} MiB of a 24 MiB gzip file`);
});

/**
 * A gzip file of `mib` MiB of 1 KiB lines, stored without compression: as many chunks of file as
 * of log. Made in a function of its own, so that its buffers are garbage once it returns.
 */
async function storedGzip(mib: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-lines-"));
  const path = join(dir, "log.jsonl.gz");
  const line = Buffer.from(`${"x".repeat(1023)}\n`);
  // Written at once: the promise of writeFile held its 24 MiB past the end of this function.
  writeFileSync(path, gzipSync(Buffer.concat(Array.from({ length: mib << 10 }, () => line)), { level: 0 }));
  return path;
}
