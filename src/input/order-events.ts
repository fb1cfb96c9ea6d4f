import type { Event } from "../events.js";
import type { InputSummary } from "./input-summary.js";

/** How many events a file's reorder buffer holds: lines out of order by more are kept late. */
export const REORDER_WINDOW = 4096;

/** How many events the merge of several files gathers before handing them on. */
const MERGED_BATCH = 4096;

/**
 * Puts one file's events in time order within a bounded window. Lines written out of order (a
 * pino line's request began before the lines written while it ran; threads flushing late) are
 * moved into place when fewer than `window` events separate them from it; a later one is passed
 * on where it is, with a warning. Logs are nearly sorted, so an event almost always goes at the
 * end of the buffer and costs no search; ties keep log order. Batches in, batches out: the
 * window counts events, never batches.
 */
export async function* orderWithinWindow(batches: AsyncIterable<readonly Event[]>, summary: InputSummary, window = REORDER_WINDOW): AsyncGenerator<Event[]> {
  let buffer: Event[] = [];
  let head = 0;
  let lastOut: Event | null = null;
  for await (const batch of batches) {
    const out: Event[] = [];
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i]!;
      const last = buffer.length > head ? buffer[buffer.length - 1]! : null;
      if (last === null || event.at >= last.at) buffer.push(event);
      else if (lastOut !== null && event.at < lastOut.at) {
        summary.recordWarning({ ...event.ref, reason: `out of order by more than the reorder window (${window} events): ${lastOut.at - event.at} ms earlier than line ${lastOut.ref.line}, kept where it is` });
        // It goes out next: later than its time, but before every event still waiting.
        buffer.splice(head, 0, event);
      } else buffer.splice(upperBound(buffer, head, event.at), 0, event);
      if (buffer.length - head > window) {
        lastOut = buffer[head++]!;
        out.push(lastOut);
        // Drop the emitted prefix now and then, not on every event.
        if (head >= window) {
          buffer = buffer.slice(head);
          head = 0;
        }
      }
    }
    if (out.length > 0) yield out;
  }
  if (buffer.length > head) yield buffer.slice(head);
}

/** The first index in [from, end) whose time is after `at`: insertion there keeps ties in order. */
function upperBound(buffer: readonly Event[], from: number, at: number): number {
  let low = from;
  let high = buffer.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (buffer[mid]!.at <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** One stream's place in the merge: its current batch and the next event in it. */
interface Cursor {
  readonly iterator: AsyncIterator<readonly Event[]>;
  batch: readonly Event[] | null;
  index: number;
}

/**
 * A k-way merge of time-ordered streams of batches (one per file) into one: memory holds one
 * batch per stream, never the files. Ties go to the stream listed first. Events are compared one
 * by one in plain synchronous code; a stream is awaited only when its batch runs out.
 */
export async function* mergeByTime(streams: readonly AsyncIterable<readonly Event[]>[]): AsyncGenerator<readonly Event[]> {
  if (streams.length === 1) {
    yield* streams[0]!;
    return;
  }
  const cursors: Cursor[] = streams.map((s) => ({ iterator: s[Symbol.asyncIterator](), batch: null, index: 0 }));
  try {
    await Promise.all(cursors.map(refill));
    let out: Event[] = [];
    for (;;) {
      // A handful of files: a linear scan for the earliest head beats a heap's bookkeeping.
      let pick: Cursor | null = null;
      let pickAt = 0;
      for (const cursor of cursors) {
        if (cursor.batch === null) continue;
        const at = cursor.batch[cursor.index]!.at;
        if (pick === null || at < pickAt) {
          pick = cursor;
          pickAt = at;
        }
      }
      if (pick === null) break;
      out.push(pick.batch![pick.index++]!);
      if (pick.index === pick.batch!.length) {
        if (out.length >= MERGED_BATCH) {
          yield out;
          out = [];
        }
        await refill(pick);
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(cursors.map((c) => c.iterator.return?.()));
  }
}

/** Moves a cursor to its stream's next non-empty batch; null at the end. */
async function refill(cursor: Cursor): Promise<void> {
  for (;;) {
    const next = await cursor.iterator.next();
    if (next.done) {
      cursor.batch = null;
      return;
    }
    if (next.value.length > 0) {
      cursor.batch = next.value;
      cursor.index = 0;
      return;
    }
  }
}
