import { stat } from "node:fs/promises";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import { mib, tooLargeForMemory } from "../too-large-message.js";
import { holdYoungGenerations, youngGenerationsSized } from "../young-generation.js";
import { PACKED, type PackedEvents } from "./event-codec.js";
import type { InputSummary, SummaryData } from "./input-summary.js";
import type { ReadEventsOptions } from "./read-events.js";
import { STDIN } from "./read-lines.js";

/**
 * Batches a reading thread may post before the analysing thread takes one: enough that neither
 * thread waits on the other's every hiccup (a collection, a slow stretch of log), little memory.
 * 16 with RETURN_EVERY 8, against 4 with 2 (/usr/bin/time, alternating pairs, load 1.5-2.7): 1 GiB
 * events log gzipped 5.34-5.68 against 5.73-5.83 s (6 pairs, every one faster), plain 4.76-5.27
 * against 4.88-5.60 s (7 pairs), 2 GiB peak RSS 229-234 against 232-234 MB (2 pairs).
 */
export const IN_FLIGHT = 16;

/**
 * Batches the analysing thread takes before it tells the reading thread, which then packs as
 * many more (see ReturnedBatches). Told at every batch, the reading thread, faster on a plain
 * log and so waiting for its turn, was woken at every batch, and the kernel ran it at once on the
 * analysing thread's core when no other was free: the analysing thread lost its core in the
 * write that wakes it (perf record -e sched:sched_switch, 1 GiB events log at load 8: 4,749 of
 * the 4,882 postMessage calls switched it out; worker.postMessage 1.6-2.5 s of wall time).
 * At most IN_FLIGHT, or the reading thread would wait for a word that does not come.
 */
export const RETURN_EVERY = 8;

/**
 * A reading thread costs its start (0.1 s of CPU), packing and posting every batch: worth it from
 * some 20 MiB on, for a few files. Inline against threaded (2 cores shared, load 4-10, medians of
 * 6-8 alternating runs, --format json): events 5 MiB wall 0.87/1.03 s, user 0.73/0.93 s; 10 MiB
 * 1.14/1.27 s, 1.03/1.20 s; 20 MiB 0.82/0.89 s, 1.15/1.30 s; 40 MiB 1.43/1.45 s, 1.46/1.63 s. The
 * analysing thread then holds what it reads: in a 24 MB heap, the 12-15 MiB bench logs stop at
 * the heap guard where a thread took them to a report.
 */
const MAX_READING_THREADS = 4;
export const READING_THREAD_MIN_BYTES = 16 << 20;

/**
 * The files read on a thread of their own: those of at least `minBytes` as stored, when there
 * are at most MAX_READING_THREADS files (a month of rotated logs is read inline). Standard
 * input belongs to the main thread.
 */
export async function chooseThreadedFiles(files: readonly string[], minBytes: number): Promise<Set<string>> {
  if (files.length > MAX_READING_THREADS) return new Set();
  const sizes = await Promise.all(files.map(async (path) => (path === STDIN ? -1 : (await stat(path)).size)));
  return new Set(files.filter((_, i) => sizes[i]! >= minBytes));
}

/**
 * The reading thread ran out of heap (Node ends it with ERR_WORKER_OUT_OF_MEMORY): the message
 * says, like the timeline's heap guard, which file, how far reading got and what to do.
 */
export class ReadingThreadOutOfMemoryError extends Error {
  constructor(path: string, lastLine: number, storedBytes: number) {
    const where = lastLine > 0 ? `after ${path}:${lastLine} (${mib(storedBytes)} MiB read)` : `in the first lines of ${path}`;
    super(tooLargeForMemory(`the reading thread ran out of heap ${where}`, getHeapStatistics().heap_size_limit));
  }
}

export interface ReadWorkerData {
  readonly path: string;
  readonly options: Omit<ReadEventsOptions, "onBytes">;
}

/**
 * What the analysing thread tells the reading thread: it took `taken` batches, and these buffers
 * (of the batches taken before the last) will not be read again (see BatchBuffers).
 */
export interface ReturnedBatches {
  readonly taken: number;
  readonly buffers: ArrayBuffer[];
}

export type WorkerMessage =
  | { readonly type: "batch"; readonly packed: PackedEvents; readonly stored: number; readonly log: number }
  | { readonly type: "end"; readonly summary: SummaryData; readonly stored: number; readonly log: number }
  | { readonly type: "error"; readonly strict: boolean; readonly message: string; readonly code: string | null };

/**
 * A reading thread, started before its batches are wanted: a thread takes some 0.1 s to load its
 * modules and read its first batch, time the analysing thread spends loading its own (analyzeLog).
 * Its messages wait in the inbox until readInWorker takes them.
 */
export class ReadingThread {
  readonly worker: Worker;
  failure: Error | null = null;
  readonly #inbox: WorkerMessage[] = [];
  #waiting: (() => void) | null = null;

  constructor(path: string, options: ReadEventsOptions) {
    const { onBytes: _, ...rest } = options;
    const hold = youngGenerationsSized();
    if (hold) holdYoungGenerations();
    this.worker = new Worker(new URL("./read-worker.js", import.meta.url), { workerData: { path, options: rest } satisfies ReadWorkerData });
    // Again once the thread runs: making its heap let the young generations grow (young-generation.ts).
    if (hold) this.worker.once("online", holdYoungGenerations);
    // Until readInWorker waits on it, a thread must not keep the process alive: a run that fails
    // before reading (or a merge that stops at another file's error) still ends.
    this.worker.unref();
    this.worker.on("message", (message: WorkerMessage) => {
      this.#inbox.push(message);
      this.#wake();
    });
    this.worker.on("error", (error) => {
      this.failure = error;
      this.#wake();
    });
    this.worker.on("exit", () => {
      this.failure ??= new Error(`the reading thread of ${path} stopped before the end of the file`);
      this.#wake();
    });
  }

  /** The next message; undefined once the thread failed or stopped (see failure). */
  async next(): Promise<WorkerMessage | undefined> {
    while (this.#inbox.length === 0 && this.failure === null) await new Promise<void>((resolve) => (this.#waiting = resolve));
    return this.#inbox.shift();
  }

  #wake(): void {
    this.#waiting?.();
    this.#waiting = null;
  }
}

/**
 * readEvents and orderWithinWindow of one file on a thread of their own (readEventRows): reading
 * and parsing take half of an analysis, so on two cores they run beside the timeline instead of
 * before it. Same batches (packed: see PackedEvents), same summary (absorbed when the file ends),
 * same errors as reading inline. `thread` is one started ahead for this file and these options.
 * A batch's arrays hold until the next batch is asked for: their buffer then goes back to the
 * thread, which packs a later batch into it (see BatchBuffers), with the next RETURN_EVERY - 1.
 */
export async function* readInWorker(path: string, summary: InputSummary, options: ReadEventsOptions, thread = new ReadingThread(path, options)): AsyncGenerator<PackedEvents> {
  const file = summary.addFile(path);
  const { worker } = thread;
  worker.ref();
  // Where reading got, for the message should the thread run out of memory.
  let lastLine = 0;
  let storedRead = 0;
  // The batch yielded last: once the next is asked for, its buffer goes back to be packed into.
  let taken: PackedEvents | null = null;
  // What the reading thread is told next (ReturnedBatches).
  let takenSinceTold = 0;
  const buffers: ArrayBuffer[] = [];
  try {
    for (;;) {
      const message = await thread.next();
      if (!message) throw (thread.failure as NodeJS.ErrnoException | null)?.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ReadingThreadOutOfMemoryError(path, lastLine, storedRead) : thread.failure!;
      if (message.type !== "error" && message.log + message.stored > 0) options.onBytes?.(message.stored, message.log);
      if (message.type === "batch") {
        storedRead += message.stored;
        if (message.packed.count > 0) lastLine = message.packed.nums[(message.packed.count - 1) * PACKED.NUMS + PACKED.line]!;
        if (taken !== null) buffers.push(taken.nums.buffer as ArrayBuffer);
        if (++takenSinceTold === RETURN_EVERY) {
          worker.postMessage({ taken: takenSinceTold, buffers } satisfies ReturnedBatches, buffers);
          takenSinceTold = 0;
          buffers.length = 0;
        }
        taken = message.packed;
        yield message.packed;
      } else if (message.type === "end") {
        summary.absorb(message.summary, file);
        return;
      } else {
        if (!message.strict) throw Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
        // Not imported above, so that starting a thread does not wait for every format's parser
        // (some 50 ms); the analysis (analyze-files.ts, the inline reader's) has loaded it by now.
        const { StrictInputError } = await import("./read-events.js");
        throw new StrictInputError(message.message);
      }
    }
  } finally {
    await worker.terminate();
  }
}
