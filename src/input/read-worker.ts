/**
 * The reading thread: reads, parses and orders one file (see readInWorker) and posts its events
 * packed, batch by batch, at most IN_FLIGHT ahead of what the analysing thread has taken.
 */
import { parentPort, workerData } from "node:worker_threads";
import { BatchBuffers } from "./batch-buffers.js";
import { InputSummary } from "./input-summary.js";
import { readEventRows, StrictInputError } from "./read-events.js";
import { IN_FLIGHT, type ReadWorkerData, type ReturnedBatches, type WorkerMessage } from "./read-in-worker.js";

const port = parentPort!;
const { path, options } = workerData as ReadWorkerData;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const buffers = new BatchBuffers();
let credit = IN_FLIGHT;
let wake: (() => void) | null = null;
port.on("message", ({ taken, buffers: returned }: ReturnedBatches) => {
  for (const buffer of returned) buffers.giveBack(buffer);
  credit += taken;
  wake?.();
  wake = null;
});

const summary = new InputSummary();
let stored = 0;
let log = 0;
const onBytes = (storedBytes: number, logBytes: number) => {
  stored += storedBytes;
  log += logBytes;
};
try {
  for await (const packed of readEventRows(path, summary, { ...options, onBytes }, buffers)) {
    if (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    // `ints` and `words` are in the same buffer (BatchBuffers).
    post({ type: "batch", packed, stored, log }, [packed.nums.buffer as ArrayBuffer]);
    stored = log = 0;
  }
  post({ type: "end", summary: summary.snapshot(), stored, log });
} catch (error) {
  const { message, code } = error as NodeJS.ErrnoException;
  post({ type: "error", strict: error instanceof StrictInputError, message: String(message), code: code ?? null });
}
port.close();
