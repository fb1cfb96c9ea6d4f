import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { collectGarbage } from "../collect-garbage.js";
import type { LineRef } from "../events.js";
import { mib, tooLargeForMemory } from "../too-large-message.js";

/**
 * Past this share of the heap limit after a full collection, the timeline is stopped: the rules
 * and the report still need room after the last line, and V8 out of memory is an abort with a
 * native stack trace, not an error anyone can read. (The timeline keeps every request record
 * until the end of the log; a streaming fold would make this guard moot.) The room the rest of the
 * run needs does not shrink with the fold's heap: at 0.75, once the live sessions and the session
 * objects took less of it, the 40 MiB busy log in 24 MB went through the fold under the share and
 * the run aborted after it, 5 runs of 12 (/tmp/s21/guard.sh); at 0.7 reading stops at line
 * 138,309 of 213,047 with 17 of 24 MiB in use, 24 runs of 24.
 */
export const HEAP_LIMIT_SHARE = 0.7;

/** Measured on Node 20 x64: heap_size_limit is --max-old-space-size plus 48 MiB (three 16 MiB semi-spaces). */
const YOUNG_GENERATION_BYTES = 48 << 20;

/** The log does not fit in this process's memory; the message says where reading stopped and what to do. */
export class HeapLimitError extends Error {}

export interface HeapGuard {
  /** Throws HeapLimitError when a full collection since the last call left the heap over the share. */
  check(position: LineRef | null): void;
  stop(): void;
}

/**
 * The room the report (its model, its text) takes on top of the timeline, the rules and the
 * hypotheses: a share of the heap limit, within bounds. The guard above watches reading only; the
 * heap still grows after it, by the fold's finish, the rules and the hypotheses, and the report
 * then ran V8 out of memory, an abort with a native stack trace (measured at f205365, in use after
 * the collection before the report): the bench's 20-25 MiB logs in 24 MiB, with 19.0-19.8 MiB in
 * use, aborted in about one run of three; the 1 GiB log, with 114 MiB in use, aborted in 120 and
 * 125 MiB and went through in 135: its report, capped (MAX_REPORT_SESSIONS and the others), took
 * 11-21 MiB, and a log's report stops growing there, so REPORT_ROOM_MAX bounds the share of a large
 * heap; the small logs' reports aborted with 4-5 MiB left. The HTML report needs more than the
 * JSON, which is written in pieces (jsonPieces): at 82397fb, whose fold and tail hold less, the
 * bench's 20-34 MiB logs in 24 MiB passed with 16-17 MiB in use and the HTML report aborted (it
 * went through in 26 MiB); with 10 MiB of room the 28 MiB log's still did, once in two runs: its
 * page, 2.3 MB, kept the heap 7 MB fuller at the end of its render than before it (`--trace-gc`),
 * besides the report's model, hence a 16 MiB minimum. A run refused here might have gone through:
 * the line tells how to give it more heap, where an abort told nothing.
 */
const REPORT_ROOM_SHARE = 0.15;
const REPORT_ROOM_MIN = 16 << 20;
const REPORT_ROOM_MAX = 32 << 20;

/**
 * Throws HeapLimitError when the heap in use, after a full collection (so: what is alive), leaves
 * less than the report's room: one line that says so, instead of an abort while writing it. The
 * collection is made only when the heap in use, garbage and all, leaves less (it is 7-40 ms), and
 * without one (no `gc`: see collectGarbage) nothing tells the alive from the garbage: no refusal.
 */
export function checkRoomForReport(): void {
  const fits = () => {
    const { used, limit } = heapInUse();
    return used + Math.min(Math.max(REPORT_ROOM_SHARE * limit, REPORT_ROOM_MIN), REPORT_ROOM_MAX) <= limit;
  };
  if (fits() || !collectGarbage() || fits()) return;
  const { used, limit } = heapInUse();
  throw new HeapLimitError(tooLargeForMemory(`the whole log was read, but with ${mib(used)} of ${mib(limit)} MiB of heap in use the report has no room`, limit));
}

/** Watches full collections while a timeline is built; their reports arrive between batches. */
export function watchHeap(share = HEAP_LIMIT_SHARE): HeapGuard {
  let over: { used: number; limit: number } | null = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const heap = heapInUse();
      if (heap.used > share * heap.limit) over = heap;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    check(position) {
      if (!over) return;
      const where = position ? ` at ${position.file}:${position.line}` : "";
      throw new HeapLimitError(tooLargeForMemory(`reading stopped${where} with ${mib(over.used)} of ${mib(over.limit)} MiB of heap in use`, over.limit));
    },
    stop() {
      observer.disconnect();
    },
  };
}

/** The heap in use, and the limit V8 gives up at: the old generation full, so the total less the young one. */
function heapInUse(): { used: number; limit: number } {
  const { used_heap_size: used, heap_size_limit: total } = getHeapStatistics();
  return { used, limit: total - YOUNG_GENERATION_BYTES };
}
