import { stat } from "node:fs/promises";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import { mib, tooLargeForMemory } from "../too-large-message.js";
import { PACKED, type PackedEvents } from "./event-codec.js";
import type { InputSummary, SummaryData } from "./input-summary.js";
import { StrictInputError, type ReadEventsOptions } from "./read-events.js";
import { STDIN } from "./read-lines.js";

/** Batches a reading thread may post before the analysing thread takes one: enough to never wait, little memory. */
export const IN_FLIGHT = 4;

/** A reading thread costs some 16 MB and 0.15 s to start: worth it from a few megabytes on, for a few files. */
const MAX_READING_THREADS = 4;
export const READING_THREAD_MIN_BYTES = 4 << 20;

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

export type WorkerMessage =
  | { readonly type: "batch"; readonly packed: PackedEvents; readonly stored: number; readonly log: number }
  | { readonly type: "end"; readonly summary: SummaryData; readonly stored: number; readonly log: number }
  | { readonly type: "error"; readonly strict: boolean; readonly message: string; readonly code: string | null };

/**
 * readEvents and orderWithinWindow of one file on a thread of their own (readEventRows): reading
 * and parsing take half of an analysis, so on two cores they run beside the timeline instead of
 * before it. Same batches (packed: see PackedEvents), same summary (absorbed when the file ends),
 * same errors as reading inline.
 */
export async function* readInWorker(path: string, summary: InputSummary, options: ReadEventsOptions): AsyncGenerator<PackedEvents> {
  const file = summary.addFile(path);
  const { onBytes, ...rest } = options;
  const worker = new Worker(new URL("./read-worker.js", import.meta.url), { workerData: { path, options: rest } satisfies ReadWorkerData });
  const inbox: WorkerMessage[] = [];
  let failure: Error | null = null;
  // Where reading got, for the message should the thread run out of memory.
  let lastLine = 0;
  let storedRead = 0;
  let waiting: (() => void) | null = null;
  const wake = () => {
    waiting?.();
    waiting = null;
  };
  worker.on("message", (message: WorkerMessage) => {
    inbox.push(message);
    wake();
  });
  worker.on("error", (error) => {
    failure = error;
    wake();
  });
  worker.on("exit", () => {
    failure ??= new Error(`the reading thread of ${path} stopped before the end of the file`);
    wake();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && failure === null) await new Promise<void>((resolve) => (waiting = resolve));
      const message = inbox.shift();
      if (!message) throw (failure as NodeJS.ErrnoException | null)?.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ReadingThreadOutOfMemoryError(path, lastLine, storedRead) : failure!;
      if (message.type !== "error" && message.log + message.stored > 0) onBytes?.(message.stored, message.log);
      if (message.type === "batch") {
        storedRead += message.stored;
        if (message.packed.count > 0) lastLine = message.packed.nums[(message.packed.count - 1) * PACKED.NUMS + PACKED.line]!;
        worker.postMessage(0);
        yield message.packed;
      } else if (message.type === "end") {
        summary.absorb(message.summary, file);
        return;
      } else {
        throw message.strict ? new StrictInputError(message.message) : Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
      }
    }
  } finally {
    await worker.terminate();
  }
}
