import type { Event } from "../events.js";
import type { InputSummary } from "./input-summary.js";

/** How many events a file's reorder buffer holds: lines out of order by more are kept late. */
export const REORDER_WINDOW = 4096;

/**
 * Puts one file's events in time order within a bounded window. Lines written out of order (a
 * pino line's request began before the lines written while it ran; threads flushing late) are
 * moved into place when fewer than `window` events separate them from it; a later one is passed
 * on where it is, with a warning. Logs are nearly sorted, so an event almost always goes at the
 * end of the buffer and costs no search; ties keep log order.
 */
export async function* orderWithinWindow(events: AsyncIterable<Event>, summary: InputSummary, window = REORDER_WINDOW): AsyncGenerator<Event> {
  let buffer: Event[] = [];
  let head = 0;
  let lastOut: Event | null = null;
  for await (const event of events) {
    const last = buffer.length > head ? buffer[buffer.length - 1]! : null;
    if (last === null || event.at >= last.at) buffer.push(event);
    else if (lastOut !== null && event.at < lastOut.at) {
      summary.recordWarning({ ...event.ref, reason: `out of order by more than the reorder window (${window} events): ${lastOut.at - event.at} ms earlier than line ${lastOut.ref.line}, kept where it is` });
      // It goes out next: later than its time, but before every event still waiting.
      buffer.splice(head, 0, event);
    } else buffer.splice(upperBound(buffer, head, event.at), 0, event);
    if (buffer.length - head > window) {
      lastOut = buffer[head++]!;
      yield lastOut;
      // Drop the emitted prefix now and then, not on every event.
      if (head >= window) {
        buffer = buffer.slice(head);
        head = 0;
      }
    }
  }
  for (let i = head; i < buffer.length; i++) yield buffer[i]!;
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

/**
 * A k-way merge of time-ordered streams (one per file) into one: memory holds one event per
 * stream, never the files. Ties go to the stream listed first.
 */
export async function* mergeByTime(streams: readonly AsyncIterable<Event>[]): AsyncGenerator<Event> {
  if (streams.length === 1) {
    yield* streams[0]!;
    return;
  }
  const iterators = streams.map((s) => s[Symbol.asyncIterator]());
  // A handful of files: a linear scan for the earliest head beats a heap's bookkeeping.
  const heads: (Event | null)[] = await Promise.all(iterators.map(async (it) => nextOf(it)));
  try {
    for (;;) {
      let pick = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head != null && (pick === -1 || head.at < heads[pick]!.at)) pick = i;
      }
      if (pick === -1) return;
      yield heads[pick]!;
      heads[pick] = await nextOf(iterators[pick]!);
    }
  } finally {
    await Promise.all(iterators.map((it) => it.return?.()));
  }
}

async function nextOf(iterator: AsyncIterator<Event>): Promise<Event | null> {
  const next = await iterator.next();
  return next.done ? null : next.value;
}
