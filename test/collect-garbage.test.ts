import assert from "node:assert/strict";
import { test } from "node:test";
import { collectGarbage, collectLargeGarbage } from "../src/collect-garbage.js";

test("collectGarbage frees what nothing reaches any more in the old generation, where scavenges never look", async () => {
  const collected = await oldGarbage();
  assert.equal(collected(), false, "a scavenge freed it: not in the old generation");
  // Asking kept it alive until this job ends, as any WeakRef's deref does.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(collected(), true);
});

/** An object moved to the old generation, then let go of: the function says whether it was collected since. */
async function oldGarbage(): Promise<() => boolean> {
  let held: object | null = { names: Array.from({ length: 1000 }, (_, i) => `name-${i}`) };
  const ref = new WeakRef(held);
  // Young garbage while it is held: the scavenges it takes move the object to the old generation.
  for (let i = 0, sink = 0; i < 2_000_000; i++) sink += [i, i + 1].length;
  held = null;
  // A WeakRef's target stays alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0, sink = 0; i < 2_000_000; i++) sink += [i, i + 1].length;
  await new Promise((resolve) => setImmediate(resolve));
  return () => ref.deref() === undefined;
}

test("collectLargeGarbage leaves a small heap to V8, and collects once heap and array buffers in use are large", async () => {
  const small = await oldGarbage();
  collectLargeGarbage();
  assert.equal(small(), false, "collected with little in use");
  const buffers = new Uint8Array(160 << 20);
  const large = await oldGarbage();
  collectLargeGarbage();
  assert.equal(large(), true, `not collected with ${buffers.byteLength >> 20} MiB of array buffers in use`);
});
