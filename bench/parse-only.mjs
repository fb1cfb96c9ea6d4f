#!/usr/bin/env node
// Times the reading stage alone (issue 8): readEvents → orderWithinWindow through the built
// dist/ modules, counting events and dropping them, so that the timeline and the rules do not
// hide what reading costs.
//   npx tsc -p . && node bench/parse-only.mjs FILE [FILE…] [--repeat N] [--plain]
// Several files go through mergeByTime as analyze does. Prints, per run, wall seconds, MB/s of
// the log as read (decompressed for gzip: the unit the targets use), events/s, and the
// CPU seconds of the process (user + system; steadier than wall time on a shared machine); with
// --repeat, the best and the median too. A yield of one event (the old per-event generators) is
// counted as well as a batch, so the same script times a checkout from before the batching.
// --plain times the reference loop instead on the same (plain) file: byte-level line
// splitting and JSON.parse of every line, nothing else; the ceiling to compare with on this
// machine at this moment. --packed also packs every batch for the thread boundary (event-codec), as
// the reading thread of a file of 4 MiB or more does: all of that thread's work but postMessage.
import { createReadStream, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/src/input");
const { readEvents } = await import(`${dist}/read-events.js`);
const { mergeByTime, orderWithinWindow } = await import(`${dist}/order-events.js`);
const { InputSummary } = await import(`${dist}/input-summary.js`);

const args = process.argv.slice(2);
const repeatAt = args.indexOf("--repeat");
const repeat = repeatAt === -1 ? 1 : Number(args.splice(repeatAt, 2)[1]);
const plainAt = args.indexOf("--plain");
const plain = plainAt !== -1 && args.splice(plainAt, 1).length === 1;
const packedAt = args.indexOf("--packed");
const packed = packedAt !== -1 && args.splice(packedAt, 1).length === 1;
// Imported only when asked: a checkout from before the reading thread has no codec.
const { packEvents } = packed ? await import(`${dist}/event-codec.js`) : {};
const files = args;
if (files.length === 0 || !(repeat >= 1)) {
  process.stderr.write("usage: node bench/parse-only.mjs FILE [FILE…] [--repeat N] [--plain | --packed]\n");
  process.exit(2);
}

// The decompressed size of a gzip file is read once, outside the timing.
const bytes = files.reduce((sum, file) => sum + (file.endsWith(".gz") ? gunzipSync(readFileSync(file)).length : statSync(file).size), 0);

async function readPlain() {
  let count = 0;
  let yields = 0;
  for (const file of files) {
    let carry = null;
    for await (let chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      if (carry !== null) chunk = Buffer.concat([carry, chunk]);
      let start = 0;
      for (let end = chunk.indexOf(10); end !== -1; start = end + 1, end = chunk.indexOf(10, start)) {
        if (typeof JSON.parse(chunk.toString("utf8", start, end)).event === "string") count++;
      }
      carry = chunk.subarray(start);
      yields++;
    }
  }
  return { count, yields, summary: { lines: count, skippedCount: 0, warningCount: 0 } };
}

async function readOnce() {
  const summary = new InputSummary();
  const streams = files.map((path, index) =>
    orderWithinWindow(readEvents(path, summary, { strict: false, requestIdPrefix: files.length > 1 ? `${index}:` : undefined }), summary),
  );
  const events = streams.length === 1 ? streams[0] : mergeByTime(streams);
  let count = 0;
  let yields = 0;
  for await (const item of events) {
    count += Array.isArray(item) ? item.length : 1;
    if (packed) packEvents(item);
    yields++;
  }
  return { count, yields, summary };
}

const seconds = [];
for (let run = 0; run < repeat; run++) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { count, yields, summary } = await (plain ? readPlain() : readOnce());
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  seconds.push(s);
  const mb = bytes / 1e6;
  console.log(
    `${plain ? "plain loop " : packed ? "packed " : ""}run ${run + 1}: ${s.toFixed(2)} s, ${(mb / s).toFixed(1)} MB/s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ${Math.round(count / s).toLocaleString("en")} events/s ` +
      `(${count} events in ${yields} yields; lines ${summary.lines}, skipped ${summary.skippedCount}, warnings ${summary.warningCount})`,
  );
}
if (repeat > 1) {
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  console.log(`best ${(bytes / 1e6 / sorted[0]).toFixed(1)} MB/s, median ${(bytes / 1e6 / median).toFixed(1)} MB/s over ${repeat} runs (MB = 10^6 bytes)`);
}
