import assert from "node:assert/strict";
import { test } from "node:test";
import type { Session } from "../../src/timeline/model.js";
import { NamedSessions } from "../../src/timeline/named-sessions.js";

const sessions = Array.from({ length: 70_000 }, (_, i) => ({ id: `s${i}` }) as Session);

test("windows of both columns read back once sealed, own ones far apart too", () => {
  const names = new NamedSessions(sessions);
  for (let p = 0; p < 2000; p++) names.pushShared(p);
  // Enough losses of their own to grow the column past its first room, one naming sessions 69,000 apart.
  const ends: number[] = [];
  for (let loss = 0; loss < 100; loss++) {
    const start = names.addOwn(20);
    for (let k = 0; k < 20; k++) names.own.set(start + k, loss === 50 && k === 0 ? 69_000 : loss * 20 + k + 1000);
    ends.push(~(start + 20));
  }
  names.seal();
  const ids = new Array<string>(20);
  names.readIds(1500, 3, ids);
  assert.deepEqual(ids.slice(0, 3), ["s1497", "s1498", "s1499"]);
  names.readIds(ends[50]!, 20, ids);
  assert.deepEqual(ids, ["s69000", ...Array.from({ length: 19 }, (_, k) => `s${2001 + k}`)]);
  names.readIds(ends[99]!, 2, ids);
  assert.deepEqual(ids.slice(0, 2), ["s2998", "s2999"]);
  const into = new Int32Array(22);
  names.copyPositions(ends[50]!, 20, into, 2);
  names.copyPositions(1500, 2, into, 0);
  assert.deepEqual([...into], [1498, 1499, 69_000, ...Array.from({ length: 19 }, (_, k) => 2001 + k)]);
});

test("a window across the blocks of the shared column reads back whole", () => {
  const names = new NamedSessions(sessions);
  for (let p = 0; p < 20_000; p++) names.pushShared(p);
  names.seal();
  const ids = new Array<string>(20);
  // The column's first block holds 16,384 places.
  names.readIds(16_394, 20, ids);
  assert.deepEqual(ids, Array.from({ length: 20 }, (_, k) => `s${16_374 + k}`));
  assert.equal(names.sharedLength, 20_000);
});
