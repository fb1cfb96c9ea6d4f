import assert from "node:assert/strict";
import { test } from "node:test";
import { LoggedClient, packClients } from "../../src/timeline/logged-client.js";
import type { ClientLists } from "../../src/timeline/client-lists.js";
import type { PlacedRowList } from "../../src/timeline/request-list.js";
import { positionsByKeyCode } from "../../src/timeline/client-index.js";
import { deepFreeze } from "../../src/timeline/deep-freeze.js";
import type { RequestList } from "../../src/timeline/model.js";
import { RequestTable } from "../../src/timeline/records.js";

test("clients read back their requests and batches once packed, from the rows' client keys and batches", () => {
  const table = new RequestTable();
  const code = (key: string) => table.strings.code(key);
  const a = new LoggedClient("a", "a", null, table);
  const b = new LoggedClient("b", null, "10.0.0.1", table);
  const empty = new LoggedClient("c", "c", null, table);
  // a: batches [0, 2], [5], [7, 9, 11]; b: [1, 3, 4], [6, 8, 10]
  const plan: [string, number][] = [["a", 0], ["b", 0], ["a", 0], ["b", 0], ["b", 0], ["a", 1], ["b", 1], ["a", 2], ["b", 1], ["a", 2], ["b", 1], ["a", 2]];
  plan.forEach(([key, batch], i) => table.add(i, 1000 * i, i + 1, 0, code(key), 0, 0, 0, null, batch, 0));
  packClients([a, b, empty], table, Int32Array.of(code("a"), code("b"), code("c")), Int32Array.of(3, 2, 0));
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
  assert.deepEqual([a.batchCount, b.batchCount, a.requestCount, b.requestCount, empty.requestCount], [3, 2, 6, 6, 0]);
});

test("clients' requests are packed while that takes fewer bytes than an Int32Array, and kept in one when far apart", () => {
  for (const clientCount of [2, 10_000]) {
    // Eight requests per client, the clients in turn: 10,000 clients put a client's eight 10,000 rows apart.
    const table = new RequestTable();
    const clients = Array.from({ length: clientCount }, (_, c) => new LoggedClient(`c${c}`, null, null, table));
    const codes = Int32Array.from(clients, (client) => table.strings.code(client.key));
    for (let i = 0; i < 8 * clientCount; i++) table.add(i, i, i + 1, 0, codes[i % clientCount]!, 0, 0, 0, null, 0, 0);
    packClients(clients, table, codes, new Int32Array(clientCount).fill(1));
    for (const c of [0, clientCount - 1]) {
      const requests = clients[c]!.requests;
      assert.deepEqual([...requests].map((r) => r.seq), Array.from({ length: 8 }, (_, k) => c + k * clientCount));
      const lists = (requests as PlacedRowList).places as ClientLists;
      assert.equal(lists.byteLength < 4 * 8 * clientCount, clientCount === 2);
    }
  }
});

/** A table that counts the reads of its client keys' column (a pass over the rows reads it once a row), frozen or not. */
class CountingTable extends RequestTable {
  #reads = 0;

  get clientCodeReads(): number {
    return this.#reads;
  }

  override clientCodeOf(row: number): number {
    this.#reads++;
    return super.clientCodeOf(row);
  }
}

test("packing reads the rows' client keys once, for the counts; the rows are put when one is first read, the keys read once more", () => {
  const table = new CountingTable();
  const codes = Int32Array.of(table.strings.code("a"), table.strings.code("b"));
  const clients = [new LoggedClient("a", "a", null, table), new LoggedClient("b", "b", null, table)];
  const plan = [0, 1, 1, 0, 1];
  plan.forEach((c, i) => table.add(i, i, i + 1, 0, codes[c]!, 0, 0, 0, null, 0, 0));
  packClients(clients, table, codes, Int32Array.of(1, 1));
  const lists = (clients[0]!.requests as PlacedRowList).places as ClientLists;
  assert.equal(table.clientCodeReads, plan.length);
  // What a run without a filter reads of the clients: their counts and their keys' numbers.
  assert.deepEqual(
    clients.map((client) => [client.requestCount, client.requests.length, client.keyCode]),
    [
      [2, 2, codes[0]],
      [3, 3, codes[1]],
    ],
  );
  assert.deepEqual([...positionsByKeyCode(clients)].filter((k) => k !== -1), [0, 1]);
  assert.deepEqual([table.clientCodeReads, lists.byteLength], [plan.length, 0]);
  // Frozen as a rule's test has the model: the rows are put all the same.
  deepFreeze(clients);
  assert.deepEqual([...clients[1]!.requests].map((r) => r.seq), [1, 2, 4]);
  assert.deepEqual([...clients[0]!.requests.slice(1, 2)].map((r) => r.seq), [3]);
  assert.equal(table.clientCodeReads, 2 * plan.length);
  assert.ok(lists.byteLength > 0);
});
