#!/usr/bin/env node
// Peak RSS against the number of session ids: `node bench/session-ids.mjs [options]`.
//
// What a log's session ids cost in memory (src/timeline/interner.ts): the lookup table holds the
// last two generations' ids (2^18 each), the older ones are in tables in a temporary file behind a
// filter of 1.5 bytes an id at its capacity, made again twice as large when full. Until stop 40 the
// table held every id the walk met and doubled once 0.8 full, so a log's peak RSS grew with its
// sessions, in steps. This writes logs of `session_created` lines only, one new id each
// (deterministic lower-case UUIDs, not committed), runs `mcp-forensics analyze FILE --format json`
// on each under GNU time, checks the report counts every session, and prints the ids, the log's
// size, the wall time, the peak RSS and its step from the row before. The default sizes straddle
// where the old table doubled from 2^23 to 2^24 slots (32 to 64 MiB), at 6,710,886 strings; a log
// of the bench's kind reaches that near 18 GiB.
//
// Options:
//   --ids 6600000,6800000  session ids a log (default)
//   --dir DIR              where the logs go (default $TMPDIR/mcp-forensics-bench)
//   --keep                 keep the logs (else each is removed once timed: 0.8 GB at the default sizes)
//   --no-build             do not run `npm run build` first
//   --no-results           do not append the table to bench/RESULTS.md
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32, uuidFrom } from "./random-ids.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const opts = { ids: [6_600_000, 6_800_000], dir: join(tmpdir(), "mcp-forensics-bench"), keep: false, build: true, results: true };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--ids") opts.ids = argv[++i].split(",").map(Number);
  else if (a === "--dir") opts.dir = resolve(argv[++i]);
  else if (a === "--keep") opts.keep = true;
  else if (a === "--no-build") opts.build = false;
  else if (a === "--no-results") opts.results = false;
  else {
    process.stderr.write(`unknown option ${a}\n`);
    process.exit(2);
  }
}
if (opts.ids.length === 0 || opts.ids.some((n) => !Number.isSafeInteger(n) || n < 1)) {
  process.stderr.write("--ids takes counts of session ids, e.g. --ids 6600000,6800000\n");
  process.exit(2);
}
if (spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status !== 0) {
  process.stderr.write("session-ids.mjs needs GNU time at /usr/bin/time for the peak RSS (apt-get install -y time)\n");
  process.exit(2);
}

/** Writes `count` session_created lines, 10 ms apart, each a new version-4 UUID. */
function writeLog(path, count) {
  // The same ids for the same count on every machine.
  const rand = mulberry32(count);
  const fd = openSync(path, "w");
  const start = Date.parse("2026-03-02T00:00:00.000Z");
  let chunk = "";
  for (let i = 0; i < count; i++) {
    const id = uuidFrom(rand);
    chunk += `{"event":"session_created","timestamp":"${new Date(start + 10 * i).toISOString()}","session_id":"${id}"}\n`;
    if (chunk.length >= 1 << 20) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

if (opts.build) {
  process.stderr.write(`npm run build in ${repo}\n`);
  execFileSync("npm", ["run", "build"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
}
mkdirSync(opts.dir, { recursive: true });
const bin = join(repo, "bin", "mcp-forensics");
const loadAtStart = loadavg()[0];
/** The tool's wall time and peak RSS on a log of `count` session ids: an Error saying why when it fails or miscounts. */
function timeLog(count, log, report) {
  if (!existsSync(log)) {
    process.stderr.write(`writing ${log}\n`);
    writeLog(log, count);
  }
  const run = spawnSync("/usr/bin/time", ["-f", "@@%M %e", process.execPath, bin, "analyze", log, "--format", "json", "-o", report, "--fail-on", "never"], { encoding: "utf8" });
  const timed = run.stderr.match(/@@(\d+) ([\d.]+)\s*$/);
  // The tool's last line, before what GNU time adds (its status line and the format's).
  const said = run.stderr.slice(0, timed?.index ?? run.stderr.length).trim().split("\n").filter((line) => !line.startsWith("Command ")).pop();
  if (run.status !== 0 || !timed) throw new Error(`mcp-forensics analyze ${log} failed (exit ${run.status}): ${said}`);
  const created = JSON.parse(readFileSync(report, "utf8")).summary.sessionsCreated;
  if (created !== count) throw new Error(`${log}: the report counts ${created} sessions created, not ${count}`);
  return { count, bytes: statSync(log).size, seconds: Number(timed[2]), rssKb: Number(timed[1]) };
}

const rows = [];
for (const count of opts.ids) {
  const log = join(opts.dir, `session-ids-${count}.jsonl`);
  const report = join(opts.dir, `session-ids-${count}.json`);
  try {
    rows.push(timeLog(count, log, report));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    rmSync(report, { force: true });
    // A log cut short by a failed write is not kept to be timed again.
    if (!opts.keep || process.exitCode === 1) rmSync(log, { force: true });
  }
  if (process.exitCode === 1) process.exit();
}

const lines = [
  "| session ids | log | time s | peak RSS (KiB) | step from the row before |",
  "| ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r, i) => `| ${r.count.toLocaleString("en-US")} | ${(r.bytes / 1048576).toFixed(1)} MiB | ${r.seconds.toFixed(2)} | ${r.rssKb.toLocaleString("en-US")} | ${i === 0 ? "—" : `${((r.rssKb - rows[i - 1].rssKb) / 1024).toFixed(1)} MiB`} |`),
];
process.stdout.write(`${lines.join("\n")}\n`);
if (opts.results) {
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).stdout.trim() || "unknown";
  const dirty = spawnSync("git", ["-C", repo, "status", "--porcelain", "src"], { encoding: "utf8" }).stdout?.trim() ? " (src modified)" : "";
  const block = [
    `## ${new Date().toISOString()}: peak RSS against session ids (bench/session-ids.mjs)`,
    "",
    `nproc ${cpus().length}, node ${process.version}, tool at this repository commit ${commit}${dirty}; logs of session_created lines only, one new id each; 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`,
    "",
    ...lines,
    "",
  ];
  const results = join(repo, "bench", "RESULTS.md");
  // One blank line between blocks, as bench/run.mjs leaves them.
  const separator = existsSync(results) && !readFileSync(results, "utf8").endsWith("\n\n") ? "\n" : "";
  appendFileSync(results, `${separator}${block.join("\n")}\n`);
}
