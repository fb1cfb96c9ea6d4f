import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CandidateLog } from "../../src/timeline/candidate-log.js";

test("CandidateLog gives each client the positions noted for it, in the order noted, and each one's place among all, through growth", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }).chain((clients) => fc.tuple(fc.constant(clients), fc.array(fc.tuple(fc.nat(clients - 1), fc.nat()), { maxLength: 10_000 }))), ([clients, notes]) => {
      const log = new CandidateLog();
      const expected = Array.from({ length: clients }, () => [] as number[]);
      for (const [client, position] of notes) {
        log.note(client, position);
        expected[client]!.push(position);
      }
      const { from, positions, ranks } = log.byClient(clients);
      assert.deepEqual(
        Array.from({ length: clients }, (_, c) => [...positions.subarray(from[c], from[c + 1])]),
        expected,
      );
      // Each one's place in the order noted.
      const places = Array.from({ length: clients }, () => [] as number[]);
      notes.forEach(([client], k) => places[client]!.push(k));
      assert.deepEqual(
        Array.from({ length: clients }, (_, c) => [...ranks.subarray(from[c], from[c + 1])]),
        places,
      );
      assert.equal(from[clients], notes.length);
    }),
    { numRuns: 50 },
  );
});

test("CandidateLog keeps clients past two bytes' reach, noted after nearer ones in the same block and across blocks", () => {
  const clients = 70_000;
  const log = new CandidateLog();
  const notes: [number, number][] = [];
  // Near clients first, a far one in the middle of the second block, then both.
  for (let k = 0; k < 50_000; k++) notes.push([k < 20_000 ? k % 300 : k % 7 === 0 ? 65_536 + (k % 4_000) : k % 300, k * 3]);
  const expected = Array.from({ length: clients }, () => [] as number[]);
  const places = Array.from({ length: clients }, () => [] as number[]);
  notes.forEach(([client, position], k) => {
    log.note(client, position);
    expected[client]!.push(position);
    places[client]!.push(k);
  });
  const { from, positions, ranks } = log.byClient(clients);
  const perClient = (column: Int32Array) => Array.from({ length: clients }, (_, c) => [...column.subarray(from[c], from[c + 1])]);
  assert.deepEqual(perClient(positions), expected);
  assert.deepEqual(perClient(ranks), places);
});
