import assert from "node:assert/strict";
import { test } from "node:test";
import type { LineRef } from "../../src/events.js";
import { NULL_CODE } from "../../src/timeline/interner.js";
import { RequestTable } from "../../src/timeline/records.js";
import { ReleasedRequests } from "../../src/timeline/released-requests.js";
import { WalkFeed, type SampleSource, type WalkObserver } from "../../src/timeline/walk-feed.js";

class SampleRecorder implements WalkObserver {
  readonly told: [number, number, LineRef, number, SampleSource][] = [];

  sample(seq: number, at: number, ref: LineRef, active: number, source: SampleSource) {
    this.told.push([seq, at, ref, active, source]);
  }
}

test("samples are released in the order taken, before the limit only, however many wait", () => {
  const requests = new RequestTable();
  const feed = new WalkFeed([SampleRecorder], requests, () => null);
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

test("the tallies place each client at its position in the timeline's clients, however far its key's number lies", async () => {
  const { timelineOf } = await import("../support/analyzer-tester.js");
  const { request } = await import("../support/log-lines.js");
  // 1,500 session ids numbered before the later clients' keys, clients coming back in between.
  const lines = Array.from({ length: 1600 }, (_, i) => ({ ...request(i, i < 1500 ? `s-${i}` : null), user_agent: i < 1500 ? `early/${i % 3}` : `late/${i % 7}`, remote_address: "10.0.0.1" }));
  const timeline = await timelineOf(lines);
  assert.equal(timeline.clients.length, 10);
  assert.deepEqual(
    timeline.clients.map((client) => timeline.tallies.positionOf(client)),
    timeline.clients.map((_, k) => k),
  );
});

/** The log positions of the requests told, each call's apart. */
class ReleasedRecorder implements WalkObserver {
  readonly told: number[] = [];

  requests({ length, seq }: ReleasedRequests) {
    for (let i = 0; i < length; i++) this.told.push(seq[i]!);
  }
}

test("requests are released before the limit only, a request at the limit on a later call, whatever the chunks hold", () => {
  const capacity = ReleasedRequests.capacity;
  try {
    for (const chunk of [1, 3, 1024]) {
      ReleasedRequests.capacity = chunk;
      const requests = new RequestTable();
      const { strings } = requests;
      // Positions 0, 2, 4, ...: a limit on one of them, and between two.
      for (let k = 0; k < 40; k++) requests.add(2 * k, 1000 + k, k + 1, strings.code("f"), strings.code(`client ${k % 3}`), strings.code("POST"), NULL_CODE, NULL_CODE, false, 0, NULL_CODE);
      const feed = new WalkFeed([ReleasedRecorder], requests, () => null);
      const { told } = feed.tallies.of(ReleasedRecorder);
      const toldBefore = (limit: number) => {
        feed.releaseBefore(limit);
        return told.length;
      };
      assert.deepEqual([toldBefore(10), toldBefore(10), toldBefore(11), toldBefore(11.5), toldBefore(12)], [5, 5, 6, 6, 6], `chunks of ${chunk}`);
      feed.finish();
      assert.deepEqual(told, Array.from({ length: 40 }, (_, k) => 2 * k), `chunks of ${chunk}`);
    }
  } finally {
    ReleasedRequests.capacity = capacity;
  }
});
