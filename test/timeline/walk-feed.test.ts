import assert from "node:assert/strict";
import { test } from "node:test";
import type { LineRef } from "../../src/events.js";
import { RequestTable } from "../../src/timeline/records.js";
import { WalkFeed, type SampleSource, type WalkObserver } from "../../src/timeline/walk-feed.js";

class SampleRecorder implements WalkObserver {
  readonly told: [number, number, LineRef, number, SampleSource][] = [];

  sample(seq: number, at: number, ref: LineRef, active: number, source: SampleSource) {
    this.told.push([seq, at, ref, active, source]);
  }
}

test("samples are released in the order taken, before the limit only, however many wait", () => {
  const requests = new RequestTable();
  const feed = new WalkFeed([SampleRecorder], requests);
  const sample = (seq: number) => [seq, 1000 + seq / 2, { file: `f${seq % 3}`, line: seq + 1 }, seq % 7, seq % 5 === 0 ? "counted" : "logged"] as const;
  const take = (from: number, to: number) => {
    for (let seq = from; seq < to; seq++) {
      const [, at, ref, active, source] = sample(seq);
      feed.sample(seq, at, ref.line, requests.strings.code(ref.file), active, source);
    }
  };
  // More waiting than the ring's first room, released as the walk moves on, with more taken between.
  take(0, 3000);
  feed.releaseBefore(1200);
  take(3000, 7000);
  feed.releaseBefore(2500);
  take(7000, 7500);
  const told = feed.finish().of(SampleRecorder).told;
  assert.deepEqual(told, Array.from({ length: 7500 }, (_, seq) => sample(seq)));
});
