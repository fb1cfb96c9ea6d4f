import assert from "node:assert/strict";
import { test } from "node:test";
import { BatchBuffers } from "../../src/input/batch-buffers.js";
import { KINDS, PACKED, type PackedEvents } from "../../src/input/event-codec.js";
import { EventRows } from "../../src/input/event-rows.js";
import { InputSummary } from "../../src/input/input-summary.js";

test("a buffer given back is packed into again, its ints zeroed as a new array's", () => {
  const buffers = new BatchBuffers();
  const first = buffers.take(100);
  assert.equal(first.ints.length, 100 * PACKED.INTS);
  assert.equal(first.nums.length, 100 * PACKED.NUMS);
  assert.equal(first.ints.buffer, first.nums.buffer, "one buffer a batch: one transfer");
  first.ints.fill(7);
  first.nums.fill(1.5);
  buffers.giveBack(first.nums.buffer as ArrayBuffer);
  const again = buffers.take(90);
  assert.equal(again.ints.buffer, first.ints.buffer);
  assert.equal(again.ints.length, 90 * PACKED.INTS);
  assert.ok(again.ints.every((value) => value === 0));
});

test("a batch larger than the buffer given back gets a new one", () => {
  const buffers = new BatchBuffers();
  const small = buffers.take(10);
  buffers.giveBack(small.nums.buffer as ArrayBuffer);
  const large = buffers.take(10_000);
  assert.notEqual(large.ints.buffer, small.ints.buffer);
  assert.equal(large.ints.length, 10_000 * PACKED.INTS);
  assert.equal(large.nums.length, 10_000 * PACKED.NUMS);
});

/** Writes rows of every kind, one at a time, and packs what leaves a window of one row after each. */
function* packRows(rows: EventRows): Generator<PackedEvents | null> {
  const session = (kind: (typeof KINDS)[number]) => KINDS.indexOf(kind);
  const writes = [
    () => rows.request(1, 1, "r-1", "POST", "s-1", true, "initialize", "ua", "10.0.0.1"),
    () => rows.response(2, 2, "r-1", "s-1", 200),
    () => rows.request(3, 3, null, null, undefined, null, null, null, null),
    () => rows.session(session("session-created"), 4, 4, "s-2", 3),
    () => rows.session(session("stream-closed"), 5, 5, null, null),
    () => rows.serverStarted(6, 6, 4242),
    () => rows.response(7, 7, 12, null, null),
  ];
  for (const write of writes) {
    write();
    yield rows.takeOrdered();
  }
  yield rows.takeRest();
}

test("rows packed into buffers given back are the rows packed into new arrays", () => {
  const buffers = new BatchBuffers();
  const recycled = packRows(new EventRows("a.jsonl", new InputSummary(), buffers, 1));
  const fresh = packRows(new EventRows("a.jsonl", new InputSummary(), new BatchBuffers(), 1));
  let batches = 0;
  for (const packed of recycled) {
    const expected = fresh.next().value as PackedEvents | null;
    if (packed === null) {
      assert.equal(expected, null);
      continue;
    }
    batches++;
    assert.deepEqual({ ...packed, ints: [...packed.ints], nums: [...packed.nums] }, { ...expected!, ints: [...expected!.ints], nums: [...expected!.nums] });
    // As readInWorker does once the next batch is asked for.
    buffers.giveBack(packed.nums.buffer as ArrayBuffer);
  }
  assert.equal(batches, 7);
});
