// What the analysing thread's typed arrays and array buffers hold while a run goes on, by where
// each was made: a preload that wraps their constructors, counts each new buffer under its call
// site until a FinalizationRegistry sees it collected, and every LIVE_EVERY ms (10 s) makes a full
// collection and prints the LIVE_TOP (15) sites holding most, with process.memoryUsage()'s
// arrayBuffers and rss beside the total.
//   node --require ./bench/live-buffers.cjs bin/mcp-forensics analyze FILE --format json -o X
// A heap snapshot shows what is held at one moment; this shows what grows. Stop 41 found with it
// the first uses of session ids growing through the walk (first-use.ts), which the snapshots taken
// at the walk's end missed: the fold had let go of them by then. What it cannot see: buffers made
// by Node itself (Buffer pools, a file's reads into a new ArrayBuffer are counted), and a site's
// count is wrong while the thread runs without a break, since finalizers run between tasks (the
// last print, after the walk, is not to be read). Only on the main thread: a reading thread's
// buffers are its own heap's.
"use strict";
const { isMainThread } = require("node:worker_threads");

if (isMainThread) {
  require("node:v8").setFlagsFromString("--expose-gc");
  const gc = require("node:vm").runInNewContext("gc");
  const every = Number(process.env.LIVE_EVERY || 10000);
  const top = Number(process.env.LIVE_TOP || 15);
  /** Bytes and buffers alive, by site. */
  const live = new Map();
  const collected = new FinalizationRegistry(([site, bytes]) => {
    const held = live.get(site);
    held[0] -= bytes;
    held[1]--;
  });
  const siteOf = () =>
    new Error().stack
      .split("\n")
      .slice(3, 5)
      .map((line) => line.trim().replace(/^at /, "").replace(/\(.*dist\/src\//, "(").replace(/file:.*dist\/src\//, ""))
      .join(" < ");
  const count = (site, buffer, bytes) => {
    if (bytes < 64) return;
    const held = live.get(site) ?? [0, 0];
    held[0] += bytes;
    held[1]++;
    live.set(site, held);
    collected.register(buffer, [site, bytes]);
  };
  for (const name of ["Int8Array", "Uint8Array", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "ArrayBuffer"]) {
    const Type = globalThis[name];
    globalThis[name] = new Proxy(Type, {
      construct(target, args, newTarget) {
        const made = Reflect.construct(target, args, newTarget === globalThis[name] ? target : newTarget);
        // A view of a buffer made before takes no memory of its own.
        if (!(args[0] instanceof ArrayBuffer)) count(`${name} ${siteOf()}`, made instanceof ArrayBuffer ? made : made.buffer, made.byteLength);
        return made;
      },
    });
  }
  // A buffer moved by a transfer (the block store's release) is a new object holding the old memory.
  const clone = globalThis.structuredClone;
  globalThis.structuredClone = function (value, options) {
    const copy = clone(value, options);
    if (copy instanceof ArrayBuffer && options?.transfer) count(`moved ${siteOf()}`, copy, copy.byteLength);
    return copy;
  };
  const started = Date.now();
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  setInterval(() => {
    gc();
    // The finalizers of what the collection found run in a task of their own.
    setTimeout(() => {
      let total = 0;
      for (const [bytes] of live.values()) total += bytes;
      const { arrayBuffers, rss } = process.memoryUsage();
      process.stderr.write(`LIVE ${((Date.now() - started) / 1000).toFixed(0)} s: ${mib(total)} MiB counted, arrayBuffers ${mib(arrayBuffers)}, rss ${mib(rss)}\n`);
      const held = [...live].filter(([, [bytes]]) => bytes > 0).sort((a, b) => b[1][0] - a[1][0]);
      for (const [site, [bytes, buffers]] of held.slice(0, top)) process.stderr.write(`  ${mib(bytes).padStart(7)} MiB ${String(buffers).padStart(6)}  ${site.slice(0, 200)}\n`);
    }, 50);
  }, every).unref();
}
