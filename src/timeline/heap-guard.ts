import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
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

/** Watches full collections while a timeline is built; their reports arrive between batches. */
export function watchHeap(share = HEAP_LIMIT_SHARE): HeapGuard {
  let over: { used: number; limit: number } | null = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const { used_heap_size: used, heap_size_limit: total } = getHeapStatistics();
      // V8 gives up when the old generation is full: its limit is the total less the young one.
      const limit = total - YOUNG_GENERATION_BYTES;
      if (used > share * limit) over = { used, limit };
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
