import assert from "node:assert/strict";
import { test } from "node:test";
import { LoggedClient, packClients } from "../../src/timeline/logged-client.js";
import type { RequestList } from "../../src/timeline/model.js";
import { RequestTable } from "../../src/timeline/records.js";

test("clients read back their requests and batches once packed", () => {
  const table = new RequestTable();
  for (let i = 0; i < 12; i++) table.add(i, 1000 * i, i + 1, 0, 0, 0, 0, 0, null, 0, 0);
  const a = new LoggedClient("a", "a", null, table);
  const b = new LoggedClient("b", null, "10.0.0.1", table);
  const empty = new LoggedClient("c", "c", null, table);
  // a: batches [0, 2], [5], [7, 9, 11]; b: [1, 3, 4], [6, 8, 10]
  const plan: [LoggedClient, boolean][] = [[a, true], [b, true], [a, false], [b, false], [b, false], [a, true], [b, true], [a, true], [b, false], [a, false], [b, false], [a, false]];
  plan.forEach(([client, starts], position) => {
    if (starts) client.startBatch();
    client.add(position);
  });
  packClients([a, b, empty]);
  const seqs = (list: RequestList) => [...list].map((r) => r.seq);
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
  assert.deepEqual([seqs(empty.requests), empty.batches], [[], []]);
  assert.deepEqual([a.batchCount, b.batchCount], [3, 2]);
});
