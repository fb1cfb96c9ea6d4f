import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ClientsBySource, hashOfSource } from "../../src/timeline/clients-by-source.js";

test("ClientsBySource finds each pair it was given, null apart from empty, through growth", () => {
  // Few short strings, so that pairs share an address or an agent and differ by the other.
  const part = fc.option(fc.string({ maxLength: 2 }), { nil: null });
  fc.assert(
    fc.property(fc.array(fc.tuple(part, part), { maxLength: 600 }), (pairs) => {
      const table = new ClientsBySource();
      const reference = new Map<string, number>();
      const keyOf = (agent: string | null, address: string | null) => JSON.stringify([agent, address]);
      for (const [agent, address] of pairs) {
        const expected = reference.get(keyOf(agent, address)) ?? -1;
        assert.equal(table.get(agent, address), expected);
        if (expected === -1) {
          table.add(agent, address, reference.size);
          reference.set(keyOf(agent, address), reference.size);
        }
      }
      for (const [key, position] of reference) {
        const [agent, address] = JSON.parse(key) as [string | null, string | null];
        assert.equal(table.get(agent, address), position);
      }
    }),
  );
});

test("ClientsBySource tells apart thousands of addresses, agents of one address, and pairs that spell one key", () => {
  const table = new ClientsBySource();
  for (let i = 0; i < 3000; i++) table.add("agent @ x", `10.0.${i >> 8}.${i & 255}`, i);
  table.add("agent", "x @ 10.0.0.0", 3000);
  table.add("other", "10.0.0.0", 3001);
  table.add(null, null, 3002);
  table.add("", "", 3003);
  table.add("agent", null, 3004);
  for (let i = 0; i < 3000; i++) assert.equal(table.get("agent @ x", `10.0.${i >> 8}.${i & 255}`), i);
  assert.equal(table.get("agent", "x @ 10.0.0.0"), 3000);
  assert.equal(table.get("other", "10.0.0.0"), 3001);
  assert.equal(table.get(null, null), 3002);
  assert.equal(table.get("", ""), 3003);
  assert.equal(table.get("agent", null), 3004);
  assert.equal(table.get(null, ""), -1);
  assert.equal(table.get("other", null), -1);
  assert.equal(table.get("agent @ x", "10.0.12.0"), -1);
});

test("clients behind one address (a proxy, a load balancer) do not share a hash, so they are not one probe chain", () => {
  const hashes = new Set<number>();
  for (let i = 0; i < 2000; i++) hashes.add(hashOfSource(`client-${i}/1.0`, "10.0.0.1"));
  assert.ok(hashes.size >= 1990, `${hashes.size} distinct hashes for 2000 agents of one address`);
  const byAgent = new Set<number>();
  for (let i = 0; i < 2000; i++) byAgent.add(hashOfSource("one-agent/1.0", `10.0.${i >> 8}.${i & 255}`));
  assert.ok(byAgent.size >= 1990, `${byAgent.size} distinct hashes for 2000 addresses of one agent`);
});

test("ClientsBySource.findAll finds what get finds, pair by pair, and -1 for the others", () => {
  const part = fc.option(fc.string({ maxLength: 2 }), { nil: null });
  fc.assert(
    fc.property(fc.array(fc.tuple(part, part), { maxLength: 400 }), fc.array(fc.tuple(part, part), { maxLength: 200 }), (held, asked) => {
      const table = new ClientsBySource();
      let next = 0;
      for (const [agent, address] of held) if (table.get(agent, address) === -1) table.add(agent, address, next++);
      const found = new Int32Array(asked.length + 1).fill(-7);
      // New string objects, as a batch's clone makes them.
      const copy = (s: string | null) => (s === null ? null : [...s].join(""));
      table.findAll(
        asked.map(([agent]) => copy(agent)),
        asked.map(([, address]) => copy(address)),
        asked.length,
        found,
      );
      asked.forEach(([agent, address], k) => assert.equal(found[k], table.get(agent, address)));
      assert.equal(found[asked.length], -7);
    }),
  );
});
