import assert from "node:assert/strict";
import { test } from "node:test";
import { constants, createGunzip, gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { CHUNK_BYTES, ChunkPool } from "../../src/input/file-chunks.js";
import { GzipDataError, inflateGzip } from "../../src/input/inflate-gzip.js";

async function* chunksOf(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

/** inflateGzip of `chunks`, each output given back once read (as splitLines does): the bytes, the error if any, the buffers inflated into. */
async function inflated(chunks: readonly Buffer[]): Promise<{ bytes: Buffer; error: unknown; buffers: number }> {
  const pool = new ChunkPool();
  const buffers = new Set<ArrayBufferLike>();
  const parts: Buffer[] = [];
  let error: unknown = null;
  try {
    for await (const chunk of inflateGzip(chunks[0]!, chunksOf(chunks.slice(1)), pool)) {
      buffers.add(chunk.buffer);
      parts.push(Buffer.from(chunk));
      pool.release(chunk);
    }
  } catch (caught) {
    error = caught;
  }
  return { bytes: Buffer.concat(parts), error, buffers: buffers.size };
}

/** What a gunzip stream of 256 KiB outputs gave for `chunks`, written one by one as the reader wrote them before inflateGzip. */
async function streamed(chunks: readonly Buffer[]): Promise<{ bytes: Buffer; error: Error | null }> {
  const inflater = createGunzip({ chunkSize: 256 << 10 });
  void (async () => {
    for (const chunk of chunks) {
      if (inflater.destroyed) return;
      if (!inflater.write(chunk)) await new Promise((resolve) => inflater.once("drain", resolve));
    }
    inflater.end();
  })();
  const parts: Buffer[] = [];
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) parts.push(chunk);
    return { bytes: Buffer.concat(parts), error: null };
  } catch (error) {
    return { bytes: Buffer.concat(parts), error: error as Error };
  }
}

/** Some MiB of distinct lines: compressed some tenfold, as logs are, so one chunk of file inflates over several calls. */
function logOf(lines: number, seed = 1): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`{"event":"x","n":${i},"v":${(i * 2654435761 + seed) % 4294967296},"s":"${(i * 40503 + seed) % 65521}"}`);
  return Buffer.from(`${out.join("\n")}\n`);
}

function split(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

test("gzip files, concatenated members included, inflate to their bytes in any chunking", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 30000 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 200000 }), async (lines, members, size) => {
      const file = Buffer.concat(Array.from({ length: members }, (_, i) => gzipSync(logOf(lines, i))));
      const { bytes, error } = await inflated(split(file, size));
      assert.equal(error, null);
      assert.ok(bytes.equals(gunzipSync(file)));
    }),
    { numRuns: 25 },
  );
});

test("the log is inflated into a few of the pool's buffers, full ones but the last", async () => {
  const log = logOf(200000);
  const pool = new ChunkPool();
  const lengths: number[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const file = split(gzipSync(log), CHUNK_BYTES >> 4);
  for await (const chunk of inflateGzip(file[0]!, chunksOf(file.slice(1)), pool)) {
    lengths.push(chunk.length);
    buffers.add(chunk.buffer);
    pool.release(chunk);
  }
  assert.ok(log.length > 4 * CHUNK_BYTES);
  assert.deepEqual(lengths.slice(0, -1), lengths.slice(0, -1).map(() => CHUNK_BYTES));
  assert.equal(lengths.reduce((a, b) => a + b), log.length);
  assert.equal(buffers.size, 1);
});

test("a corrupt stream gives the bytes a gunzip stream gave before its break, and the same error", async () => {
  // Garbage in the deflate data is mostly found at the end (the CRC); a broken header is found
  // where it is: the second member's here, after some MiB of log that do not end a 256 KiB call.
  const first = gzipSync(logOf(50000));
  for (const broken of [Buffer.from([0x1f, 0x8c, 8, 0]), Buffer.from([0x1f, 0x8b, 8, 0xe0])]) {
    const file = Buffer.concat([first, broken, gzipSync(logOf(1000, 3)).subarray(4)]);
    for (const size of [CHUNK_BYTES, 100000]) {
      const chunks = split(file, size);
      const [ours, theirs] = [await inflated(chunks), await streamed(chunks)];
      assert.ok(theirs.error !== null);
      assert.ok(ours.error instanceof GzipDataError, String(ours.error));
      assert.equal(ours.error.message, new GzipDataError((theirs.error as NodeJS.ErrnoException).code === "Z_BUF_ERROR", theirs.error).message);
      assert.equal(ours.bytes.length, theirs.bytes.length, `chunks of ${size}`);
      assert.ok(ours.bytes.equals(theirs.bytes));
      assert.ok(ours.bytes.length > CHUNK_BYTES);
    }
  }
});

test("a cut stream gives every byte inflated and says it was truncated; bytes after a member's padding are not read", async () => {
  const log = logOf(50000);
  const packed = gzipSync(log);
  for (const size of [4096, CHUNK_BYTES]) {
    const half = packed.subarray(0, packed.length >> 1);
    const cut = await inflated(split(half, size));
    assert.ok(cut.error instanceof GzipDataError && cut.error.truncated);
    // Every byte zlib can give before the cut: a gunzip stream lost its last output when the
    // error came before the reader had taken it (with 4 KiB writes, 6,523 bytes here).
    assert.ok(cut.bytes.equals(gunzipSync(half, { finishFlush: constants.Z_SYNC_FLUSH })));
    assert.ok(cut.bytes.length > log.length / 3);
  }

  // Zeros after a member are padding: the stream ended there, whatever follows.
  const padded = Buffer.concat([packed, Buffer.alloc(100), gzipSync(logOf(2000, 7))]);
  for (const chunks of [[padded], split(padded, 1000)]) {
    const { bytes, error } = await inflated(chunks);
    assert.equal(error, null);
    assert.ok(bytes.equals(log));
  }
});

test("a reader that stops early closes the file's chunks", async () => {
  const file = split(gzipSync(logOf(100000)), 50000);
  let closed = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* file.slice(1);
    } finally {
      closed = true;
    }
  }
  for await (const _ of inflateGzip(file[0]!, chunks(), new ChunkPool())) break;
  assert.ok(closed);
});

/** A Gunzip as a Node whose zlib handle has no synchronous inflate would make it (the internals inflateGzip uses are not public API). */
function withoutSyncInflate(): ReturnType<typeof createGunzip> {
  const inflater = createGunzip({ chunkSize: 256 << 10 });
  Object.defineProperty((inflater as unknown as { _handle: object })._handle, "writeSync", { value: undefined });
  return inflater;
}

test("without zlib's synchronous handle, the gunzip stream inflates: the same bytes in any chunking, the same errors, the file closed early", async () => {
  const read = async (chunks: readonly Buffer[], stopAfter = Infinity) => {
    const parts: Buffer[] = [];
    let error: unknown = null;
    try {
      for await (const chunk of inflateGzip(chunks[0]!, chunksOf(chunks.slice(1)), new ChunkPool(), withoutSyncInflate())) {
        parts.push(Buffer.from(chunk));
        if (parts.length >= stopAfter) break;
      }
    } catch (caught) {
      error = caught;
    }
    return { bytes: Buffer.concat(parts), error, outputs: parts.length };
  };
  const file = Buffer.concat([gzipSync(logOf(40000)), gzipSync(logOf(3000, 5))]);
  for (const size of [777, 100000, file.length]) {
    const { bytes, error, outputs } = await read(split(file, size));
    assert.equal(error, null);
    assert.ok(bytes.equals(gunzipSync(file)));
    // The stream's own 256 KiB outputs, not the pool's buffers: it was the stream that inflated.
    assert.ok(outputs > bytes.length / (256 << 10), `${outputs} outputs`);
  }
  const cut = await read(split(file.subarray(0, file.length >> 1), 4096));
  assert.ok(cut.error instanceof GzipDataError && cut.error.truncated);

  let closed = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* split(file, 50000).slice(1);
    } finally {
      closed = true;
    }
  }
  for await (const _ of inflateGzip(file.subarray(0, 50000), chunks(), new ChunkPool(), withoutSyncInflate())) break;
  // The stream's writer sees it destroyed at its next chunk and stops reading the file.
  for (let i = 0; i < 100 && !closed; i++) await new Promise(setImmediate);
  assert.ok(closed);
});
