import assert from "node:assert/strict";
import { test } from "node:test";
import { StepChains } from "../../src/timeline/step-chains.js";

const read = (chains: StepChains, client: number) => {
  const into = new Int32Array(chains.lengthOf(client));
  chains.copyClients([client], into, [0]);
  return [...into];
};

test("clients' numbers interleaved come back client by client, in order, across chunks and blocks", () => {
  const chains = new StepChains();
  const expected: number[][] = [[], [], [], []];
  // Past a block's 65,536 slots; client 3 only every seventh number, so chunks of clients interleave.
  for (let i = 0; i < 150_000; i++) {
    const client = i % 7 === 0 ? 3 : i % 3;
    const value = (i % 1000) - 500;
    chains.add(client, value);
    expected[client]!.push(value);
  }
  expected.forEach((values, client) => assert.deepEqual(read(chains, client), values));
  assert.equal(chains.lengthOf(9), 0);
});

test("numbers in half bytes, their signs kept, until one does not fit", () => {
  const chains = new StepChains();
  const sent = Array.from({ length: 70 }, (_, i) => (i % 16) - 8);
  sent.forEach((value, i) => chains.add(i % 3, value));
  sent.forEach((_, i) => i % 7 === 0 && chains.add(3, -8 + (i % 16)));
  for (let client = 0; client < 3; client++) assert.deepEqual(read(chains, client), sent.filter((_, i) => i % 3 === client));
  const before = read(chains, 3);
  chains.add(3, 8);
  assert.deepEqual(read(chains, 3), [...before, 8]);
  assert.deepEqual(read(chains, 1), sent.filter((_, i) => i % 3 === 1));
});

test("a number past a slot's bits widens the slots from then on, the numbers before kept whole", () => {
  const chains = new StepChains();
  for (let i = 0; i < 40; i++) chains.add(i % 2, i === 38 ? -0x8000 : i === 39 ? -0x7fff : -100 + i);
  chains.add(2000, 0x8000);
  chains.add(1, -0x8001);
  const sent = Array.from({ length: 40 }, (_, i) => (i === 38 ? -0x8000 : i === 39 ? -0x7fff : -100 + i));
  assert.deepEqual(read(chains, 0), sent.filter((_, i) => i % 2 === 0));
  assert.deepEqual(read(chains, 1), [...sent.filter((_, i) => i % 2 === 1), -0x8001]);
  assert.deepEqual(read(chains, 2000), [0x8000]);
});

test("full chunks leave memory by blocks, and clients copied a few at a time come back whole, each from its start, the chunks still filling last", () => {
  const chains = new StepChains(2);
  const expected: number[][] = Array.from({ length: 12 }, () => []);
  let seed = 7;
  // Past a few blocks' 65,536 slots: clients unevenly busy, chunks interleaved; widened near the end,
  // so that blocks of two widths are read, out of memory and in.
  for (let i = 0; i < 400_000; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const client = seed % 12 < 6 ? seed % 3 : seed % 12;
    const value = i === 390_000 ? 300 : (seed >>> 8) % 16 - 8;
    chains.add(client, value);
    expected[client]!.push(value);
  }
  assert.ok(chains.spilledBlocks >= 3, `${chains.spilledBlocks} blocks out of memory`);
  for (const group of [[0, 5, 11], [3], [-1, 2, 1], [4, 6, 7, 8, 9, 10]]) {
    const lengths = group.map((client) => chains.lengthOf(client));
    const starts = lengths.map((_, i) => lengths.slice(0, i).reduce((a, b) => a + b, 0));
    const into = new Int32Array(lengths.reduce((a, b) => a + b, 0));
    chains.copyClients(group, into, starts);
    group.forEach((client, i) => assert.deepEqual([...into.subarray(starts[i], starts[i]! + lengths[i]!)], client < 0 ? [] : expected[client], `client ${client}`));
  }
});
