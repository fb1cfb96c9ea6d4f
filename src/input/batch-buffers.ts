import { PACKED } from "./event-codec.js";

/** Room for a UUID's words per row (see PACKED.UUID): each row has at most one session id. */
const ROW_WORDS = 4;
/** Room per row for a session id's index and a source's pair (see PackedEvents.sessionStrings and sources). */
const ROW_LOOKUPS = 1 + 2;
/** A batch's row bytes: its `nums` first (8-byte aligned), its `ints` after, then its UUIDs' `words`, its session ids and its sources, in one buffer. */
const ROW_BYTES = PACKED.NUMS * Float64Array.BYTES_PER_ELEMENT + (PACKED.INTS + ROW_WORDS + ROW_LOOKUPS) * Int32Array.BYTES_PER_ELEMENT;

/**
 * The memory a reading thread packs its batches into, given back by the analysing thread once it
 * took the next batch (readInWorker) and packed into again. A fresh pair of arrays per batch was
 * malloc'd in the reading thread's glibc arena and freed there by the analysing thread's
 * collections, whenever they came: freed late and out of order, the batches left holes that the
 * thread's next large buffers (gunzip's 1 MiB outputs) did not fit, so the arena grew, and glibc
 * keeps a thread's arena after the thread ends, through the fold's finish, where the peak is. The
 * reading thread's arena 0.5 s after it ended, 1 GiB bench logs: events 12 → 3 MB, events gzipped
 * 44 → 4 MB, pino gzipped 37 → 6 MB.
 */
export class BatchBuffers {
  private readonly free: ArrayBuffer[] = [];

  /**
   * Arrays for `count` rows: `ints` zeroed, as a new array is (a row leaves the fields its kind
   * does not have at 0), `nums`, `words`, `sessionStrings` and `sources` as left by the batch
   * before (every row writes all of its `nums`; the batch sends the rest as far as it wrote them).
   */
  take(count: number): { ints: Int32Array; nums: Float64Array; words: Int32Array; sessionStrings: Int32Array; sources: Int32Array } {
    const bytes = count * ROW_BYTES;
    let buffer = this.free.pop();
    // Rounded up to a power of two: batches vary by some tens of percent, so one buffer fits the
    // next ones; a smaller one given back is dropped for good.
    if (buffer === undefined || buffer.byteLength < bytes) buffer = new ArrayBuffer(2 ** Math.ceil(Math.log2(bytes)));
    const numsLength = count * PACKED.NUMS;
    const ints = new Int32Array(buffer, numsLength * Float64Array.BYTES_PER_ELEMENT, count * PACKED.INTS);
    ints.fill(0);
    const words = new Int32Array(buffer, ints.byteOffset + ints.byteLength, count * ROW_WORDS);
    const sessionStrings = new Int32Array(buffer, words.byteOffset + words.byteLength, count);
    const sources = new Int32Array(buffer, sessionStrings.byteOffset + sessionStrings.byteLength, 2 * count);
    return { ints, nums: new Float64Array(buffer, 0, numsLength), words, sessionStrings, sources };
  }

  /** A buffer of a batch that will not be read again. */
  giveBack(buffer: ArrayBuffer): void {
    this.free.push(buffer);
  }
}
