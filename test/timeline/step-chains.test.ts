import assert from "node:assert/strict";
import { test } from "node:test";
import { StepChains } from "../../src/timeline/step-chains.js";

const read = (chains: StepChains, client: number) => {
  const into = new Int32Array(chains.lengthOf(client));
  chains.copyInto(client, into);
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

test("a number past a slot's bits widens every slot, the numbers before kept whole", () => {
  const chains = new StepChains();
  for (let i = 0; i < 40; i++) chains.add(i % 2, i === 38 ? -0x8000 : i === 39 ? -0x7fff : -100 + i);
  chains.add(2000, 0x8000);
  chains.add(1, -0x8001);
  const sent = Array.from({ length: 40 }, (_, i) => (i === 38 ? -0x8000 : i === 39 ? -0x7fff : -100 + i));
  assert.deepEqual(read(chains, 0), sent.filter((_, i) => i % 2 === 0));
  assert.deepEqual(read(chains, 1), [...sent.filter((_, i) => i % 2 === 1), -0x8001]);
  assert.deepEqual(read(chains, 2000), [0x8000]);
});
