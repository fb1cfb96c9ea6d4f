import { constants, createGunzip, type Gunzip } from "node:zlib";
import { waitForDrain } from "../wait-for-drain.js";
import type { ChunkPool } from "./file-chunks.js";

/** The gzip stream broke (corrupt or cut short); the lines before the break were yielded. */
export class GzipDataError extends Error {
  constructor(readonly truncated: boolean, cause: Error) {
    super(truncated ? "gzip data is truncated" : `gzip data is corrupt (${cause.message})`);
  }
}

/**
 * How much log one call to zlib inflates at most, as createGunzip's `chunkSize` did: the calls
 * are the ones a gunzip stream of 256 KiB outputs made (see inflateGzip), so the bytes a corrupt
 * stream gives before its break are the ones it gave.
 */
export const INFLATE_CALL_BYTES = 256 << 10;

/** The zlib binding's handle inside a Gunzip stream (see inflateGzip). */
interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOffset: number, inLength: number, output: Buffer, outOffset: number, outLength: number): void;
}

/**
 * `first` and the rest of a gzip file's `chunks` inflated, in buffers of `pool`:
 * one given back to it is inflated into again. Each yielded buffer is full (CHUNK_BYTES), except
 * the last one and the one before a break.
 *
 * Why not a gunzip stream: it inflates on libuv's pool, and each of its 256 KiB outputs woke a
 * pool thread, which on two cores took the reading thread's core (node --cpu-prof, 1 GiB events
 * log gzipped: 522 ms of the reading thread in the stream's `_read`, the zlib write that wakes the
 * pool, and 815 ms idle, waiting for the output; the pool did not run beside the reading thread,
 * it took turns with it). Inflating in the reading thread itself costs what zlib costs (some 0.8 s
 * of CPU per GiB of log) and no handoff. A stream also allocated each output anew, freed when a
 * collection reached it: output buffers of 512 KiB or 1 MiB were faster but raised the 1 GiB gzip
 * log's peak RSS to 250-264 MB; here the pool's buffers are inflated into again.
 *
 * How: the Gunzip's zlib handle inflates synchronously (`writeSync`, what zlib's own sync
 * functions call), the counts left in its `_writeState`, as the stream itself and minizlib (npm's
 * tar) use them; an error is reported through the stream, which is destroyed with it at once. The
 * calls are those the stream made: every chunk with Z_NO_FLUSH into at most INFLATE_CALL_BYTES,
 * continued from where the last call stopped, and Z_FINISH with no input at the end (the check
 * that the stream was complete: a cut file fails there, Z_BUF_ERROR). A call that fails gives
 * nothing, as in the stream. A member that ends before its chunk does, and is followed by bytes
 * zlib does not take as another member (padding zeros), ends the log there, as it ended the stream.
 * A Node whose Gunzip has no such handle (they are not public API) is given the stream itself
 * (inflateByStream): the same bytes, at the old speed. `inflater` is a parameter for the tests.
 */
export async function* inflateGzip(first: Buffer, chunks: AsyncIterator<Buffer>, pool: ChunkPool, inflater: Gunzip = createGunzip({ chunkSize: INFLATE_CALL_BYTES })): AsyncGenerator<Buffer> {
  const binding = bindingOf(inflater);
  if (binding === null) {
    yield* inflateByStream(first, chunks, pool, inflater);
    return;
  }
  const { handle, left } = binding;
  // Destroyed by an error, the stream emits it: it is read from `errored` at once.
  inflater.on("error", () => undefined);
  let output = pool.take();
  let filled = 0;
  try {
    for (let chunk: Buffer | null = first; ; ) {
      const input = chunk ?? NO_INPUT;
      let offset = 0;
      let roomLeft = 0;
      do {
        const room = INFLATE_CALL_BYTES - (filled % INFLATE_CALL_BYTES);
        handle.writeSync(chunk === null ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, offset, input.length - offset, output, filled, room);
        if (inflater.errored) {
          // What the calls before the failing one gave is read, as it was from the stream.
          if (filled > 0) yield output.subarray(0, filled);
          throw gzipError(inflater.errored);
        }
        roomLeft = left[0]!;
        filled += room - roomLeft;
        offset = input.length - left[1]!;
        if (filled === output.length) {
          yield output;
          // The buffer just yielded, given back before the next one is asked for.
          output = pool.take();
          filled = 0;
        }
      } while (roomLeft === 0);
      if (chunk === null || offset < input.length) break;
      pool.release(chunk);
      const next = await chunks.next();
      chunk = next.done ? null : next.value;
    }
    if (filled > 0) yield output.subarray(0, filled);
  } finally {
    inflater.close();
    // Stopped early (a --strict error, a break): the file is closed too.
    await chunks.return?.();
  }
}

const NO_INPUT = Buffer.alloc(0);

/** The handle and its counts left after a call (output room, input); null when this Node's Gunzip has them not, or not so. */
function bindingOf(inflater: Gunzip): { handle: ZlibHandle; left: Uint32Array } | null {
  const { _handle: handle, _writeState: left } = inflater as unknown as { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
  if (typeof handle?.writeSync !== "function" || !(left instanceof Uint32Array) || left.length < 2) return null;
  return { handle: handle as ZlibHandle, left };
}

/**
 * `first` and the rest of `chunks` inflated by the gunzip stream `inflater` (256 KiB outputs, each
 * a new buffer), on libuv's pool: how every gzip log was read before inflateGzip. A compressed
 * chunk goes back to `pool` once zlib is done with it, to be read into again: taken afresh for
 * each chunk, read ahead and held until the nine or so MiB of log it inflates to were split, they
 * lived long enough to be promoted, and piled up until a full collection (peak RSS of
 * readEventRows alone on the 1 GiB gzipped bench log, 1 MiB outputs: 137-145 MB -> 117-118 MB).
 */
async function* inflateByStream(first: Buffer, chunks: AsyncIterator<Buffer>, pool: ChunkPool, inflater: Gunzip): AsyncGenerator<Buffer> {
  // Not on an error: zlib may still be reading a chunk the stream was destroyed under.
  const write = (chunk: Buffer) =>
    inflater.write(chunk, (error) => {
      if (!error) pool.release(chunk);
    });
  void (async () => {
    try {
      if (!write(first)) await waitForDrain(inflater);
      for await (const chunk of { [Symbol.asyncIterator]: () => chunks }) {
        // The reader stopped early (a --strict error): stop reading the file too.
        if (inflater.destroyed) return;
        if (!write(chunk)) await waitForDrain(inflater);
      }
      inflater.end();
    } catch (error) {
      inflater.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    throw gzipError(error as Error);
  }
}

function gzipError(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === "string" && code.startsWith("Z_") ? new GzipDataError(code === "Z_BUF_ERROR", error) : error;
}
