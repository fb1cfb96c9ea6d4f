import { packEvents, type PackedEvents } from "../../src/input/event-codec.js";
import { InputSummary } from "../../src/input/input-summary.js";
import { orderWithinWindow } from "../../src/input/order-events.js";
import { readEventRows, readEvents, type ReadEventsOptions } from "../../src/input/read-events.js";

/**
 * A file read both ways a reading thread's batches can be made: as rows written while reading
 * (readEventRows, what the thread does), and as packEvents of orderWithinWindow over readEvents
 * (the events, put in order, then packed), each with its own summary, for a test to compare.
 */
export async function readBothWays(path: string, options: Partial<ReadEventsOptions>) {
  const expectedSummary = new InputSummary();
  const expected: PackedEvents[] = [];
  for await (const batch of orderWithinWindow(readEvents(path, expectedSummary, { strict: false, ...options }), expectedSummary)) expected.push(packEvents(batch));
  const summary = new InputSummary();
  const batches: PackedEvents[] = [];
  for await (const packed of readEventRows(path, summary, { strict: false, ...options })) batches.push(packed);
  return { expected, expectedSummary, batches, summary };
}
