import { open, type FileHandle } from "node:fs/promises";

/** 1 MiB a read: as createReadStream was asked for (ECOSYSTEM.md). */
export const CHUNK_BYTES = 1 << 20;

/**
 * The read buffers of one file, lent out chunk by chunk and reused once their reader gives them
 * back (splitLines, when every line of a chunk was taken). createReadStream's fresh 1 MiB buffer
 * per read is freed only when a collection reaches it: a new mapping and its page faults each
 * time, and the fewer a reading thread's collections, the more chunks stay alive. Reading the
 * 1 GiB events bench log alone into two reused buffers: 0.20-0.25 s of CPU → 0.12-0.14 s.
 * A chunk never given back (a HAR's, a gzip stream's broken off) is simply not reused, and not
 * held either: the pool knows its lent buffers weakly, or a gzip log's every compressed chunk
 * stayed alive to the end (1 GiB events gzipped: peak RSS 409 → 481 MB, its file being 115 MB).
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  /** The buffers lent out, by their memory: a chunk is a view of one. */
  private readonly lent = new WeakMap<ArrayBufferLike, Buffer>();

  take(): Buffer {
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.lent.set(buffer.buffer, buffer);
    return buffer;
  }

  /** `chunk`'s bytes will not be read again: its buffer may be read into. Any other buffer is ignored. */
  release(chunk: Buffer): void {
    const buffer = this.lent.get(chunk.buffer);
    if (buffer === undefined) return;
    this.lent.delete(chunk.buffer);
    this.free.push(buffer);
  }
}

/**
 * A file's bytes, chunk by chunk, into buffers of `pool`: a chunk's bytes hold until it is given
 * back. The next chunk is read while this one is used, as createReadStream read ahead.
 */
export async function* readFileChunks(path: string, pool: ChunkPool): AsyncGenerator<Buffer> {
  const file = await open(path, "r");
  let pending: Promise<Buffer> | null = null;
  try {
    pending = readChunk(file, pool.take());
    for (;;) {
      const chunk: Buffer = await pending;
      pending = null;
      if (chunk.length === 0) return;
      pending = readChunk(file, pool.take());
      yield chunk;
    }
  } finally {
    // A read still running must end before the file is closed; its error, if any, is not this one's.
    await pending?.catch(() => undefined);
    await file.close();
  }
}

/** A read ahead: its failure is handled where the chunk is awaited, not reported as unhandled while the one before is used. */
function readChunk(file: FileHandle, buffer: Buffer): Promise<Buffer> {
  const chunk = file.read(buffer, 0, buffer.length, null).then(({ bytesRead }) => buffer.subarray(0, bytesRead));
  chunk.catch(() => undefined);
  return chunk;
}
