#!/usr/bin/env node
// Times each stage of `analyze` on one file (issue 8), through the built dist/ modules, so that a
// change can be placed: reading + timeline (the reading thread and the fold, overlapped), the rules,
// the hypotheses, the report, the JSON. The stages are called as src/analyze.ts calls them.
//   npx tsc -p . && node bench/stages.mjs FILE [--repeat N]
// Wall milliseconds per stage; with --repeat, the median of each. Run it on a quiet machine:
// with 2 cores, anything else running shows up in every stage.
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/src");
const { InputSummary } = await import(`${dist}/input/input-summary.js`);
const { orderWithinWindow } = await import(`${dist}/input/order-events.js`);
const { readEvents } = await import(`${dist}/input/read-events.js`);
const { chooseThreadedFiles, readInWorker, READING_THREAD_MIN_BYTES } = await import(`${dist}/input/read-in-worker.js`);
const { buildTimeline } = await import(`${dist}/timeline/build-timeline.js`);
const { TALLIES } = await import(`${dist}/tallies.js`);
const { analyzers } = await import(`${dist}/analyzers/index.js`);
const { runAnalyzers } = await import(`${dist}/analyzers/run-analyzers.js`);
const { decideHypotheses } = await import(`${dist}/hypotheses/index.js`);
const { buildReport } = await import(`${dist}/build-report.js`);
const { renderJson } = await import(`${dist}/render/json.js`);

const args = process.argv.slice(2);
const repeatAt = args.indexOf("--repeat");
const repeat = repeatAt === -1 ? 1 : Number(args.splice(repeatAt, 2)[1]);
const [file] = args;
if (!file || !(repeat >= 1)) {
  process.stderr.write("usage: node bench/stages.mjs FILE [--repeat N]\n");
  process.exit(2);
}

async function once() {
  const times = {};
  let started = performance.now();
  const lap = (name) => {
    const now = performance.now();
    times[name] = now - started;
    started = now;
  };
  const input = new InputSummary();
  const threaded = await chooseThreadedFiles([file], READING_THREAD_MIN_BYTES);
  const readOptions = { strict: false };
  const events = threaded.has(file) ? readInWorker(file, input, readOptions) : orderWithinWindow(readEvents(file, input, readOptions), input);
  const timeline = await buildTimeline(events, { batchGapMs: 2000, tallies: TALLIES });
  lap("read+timeline");
  const findings = runAnalyzers(analyzers, timeline, {});
  lap("rules");
  const hypotheses = decideHypotheses(timeline);
  lap("hypotheses");
  const report = buildReport(timeline, {
    toolVersion: "bench",
    input,
    outsideWindow: 0,
    options: { batchGapMs: 2000, from: null, to: null, client: null, session: null },
    findings,
    hypotheses,
    limitations: [],
  });
  lap("report");
  renderJson(report);
  lap("json");
  return times;
}

const runs = [];
for (let i = 0; i < repeat; i++) {
  const times = await once();
  runs.push(times);
  process.stdout.write(`run ${i + 1}: ${Object.entries(times).map(([name, ms]) => `${name} ${Math.round(ms)}`).join(", ")} ms\n`);
}
if (repeat > 1) {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const names = Object.keys(runs[0]);
  process.stdout.write(`median: ${names.map((name) => `${name} ${Math.round(median(runs.map((r) => r[name])))}`).join(", ")} ms\n`);
}
