import assert from "node:assert/strict";
import { test } from "node:test";
import { LoggedClient, packClients } from "../../src/timeline/logged-client.js";
import type { RequestRecord } from "../../src/timeline/model.js";

test("clients read back their requests and batches once packed", () => {
  const requests = Array.from({ length: 12 }, (_, i) => ({ seq: i, at: 1000 * i }) as unknown as RequestRecord);
  const a = new LoggedClient("a", "a", null);
  const b = new LoggedClient("b", null, "10.0.0.1");
  const empty = new LoggedClient("c", "c", null);
  // a: batches [0, 2], [5], [7, 9, 11]; b: [1, 3, 4], [6, 8, 10]
  const plan: [LoggedClient, boolean][] = [[a, true], [b, true], [a, false], [b, false], [b, false], [a, true], [b, true], [a, true], [b, false], [a, false], [b, false], [a, false]];
  plan.forEach(([client, starts], position) => {
    if (starts) client.startBatch();
    client.add(requests[position]!);
  });
  packClients([a, b, empty]);
  const seqs = (list: readonly RequestRecord[]) => list.map((r) => r.seq);
  assert.deepEqual(seqs(a.requests), [0, 2, 5, 7, 9, 11]);
  assert.deepEqual(seqs(b.requests), [1, 3, 4, 6, 8, 10]);
  assert.deepEqual(
    a.batches.map((batch) => [batch.index, batch.startAt, batch.endAt, seqs(batch.requests)]),
    [
      [0, 0, 2000, [0, 2]],
      [1, 5000, 5000, [5]],
      [2, 7000, 11000, [7, 9, 11]],
    ],
  );
  assert.deepEqual(b.batches.map((batch) => seqs(batch.requests)), [[1, 3, 4], [6, 8, 10]]);
  assert.deepEqual([empty.requests, empty.batches], [[], []]);
  assert.deepEqual([a.batchCount, b.batchCount], [3, 2]);
});
