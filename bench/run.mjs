#!/usr/bin/env node
// Benchmark of issue 8: `npm run bench` (or `node bench/run.mjs [options]`).
//
// Generates (deterministic, not committed; reused when present) logs of a busy server in the core
// events format, then times side by side on each: `cat FILE > /dev/null`, the same aggregation in
// jq (one pass of counters, plus distinct session ids through `sort -u`), and
// `mcp-forensics analyze FILE --format json`. Same for a gzipped copy (cat and jq through
// `gzip -dc`; the tool only when it reads gzip). Prints MB/s, lines/s, peak RSS, ratios to cat and
// jq, and appends a dated block to bench/RESULTS.md.
//
// Options:
//   --sizes 100,1024     sizes in MiB (default 100,1024)
//   --dir DIR            where the logs go (default $TMPDIR/mcp-forensics-bench)
//   --timeout S          per command, seconds (default 600); a timed-out run is recorded as such
//   --max-old-space MB   heap cap for the tool's node (default 4096)
//   --root DIR           the mcp-forensics checkout to time (default: this repository)
//   --label TEXT         a note for the results block (e.g. which snapshot of src/ was timed)
//   --no-build           do not run `npm run build` in --root first
//   --no-gzip            skip the gzipped copies
//   --no-results         do not append to bench/RESULTS.md
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, openSync, readSync, closeSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

const opts = { sizes: [100, 1024], dir: join(tmpdir(), "mcp-forensics-bench"), timeout: 600, maxOldSpace: 4096, root: repo, build: true, gzip: true, results: true };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--sizes") opts.sizes = argv[++i].split(",").map(Number);
  else if (a === "--dir") opts.dir = resolve(argv[++i]);
  else if (a === "--timeout") opts.timeout = Number(argv[++i]);
  else if (a === "--max-old-space") opts.maxOldSpace = Number(argv[++i]);
  else if (a === "--root") opts.root = resolve(argv[++i]);
  else if (a === "--no-build") opts.build = false;
  else if (a === "--label") opts.label = argv[++i];
  else if (a === "--no-gzip") opts.gzip = false;
  else if (a === "--no-results") opts.results = false;
  else {
    process.stderr.write(`unknown option ${a}\n`);
    process.exit(2);
  }
}
if (opts.sizes.some((s) => !(s > 0))) {
  process.stderr.write("--sizes takes MiB values, e.g. --sizes 100 or --sizes 100,1024\n");
  process.exit(2);
}

const log = (s) => process.stderr.write(`${s}\n`);
const sh = (cmd) => execFileSync("sh", ["-c", cmd], { encoding: "utf8" }).trim();
const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

// /usr/bin/time -v gives peak RSS of the largest process; without it we still time, RSS is n/a.
const gnuTime = existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;
if (!gnuTime) log("note: /usr/bin/time (GNU time) not found: peak RSS will be n/a (apt-get install -y time)");
const hasTimeout = spawnSync("sh", ["-c", "command -v timeout"]).status === 0;
const jqVersion = spawnSync("jq", ["--version"], { encoding: "utf8" }).stdout?.trim() || null;
if (!jqVersion) log("note: jq not found: jq rows skipped");

mkdirSync(opts.dir, { recursive: true });
const loadAtStart = loadavg()[0];

if (opts.build) {
  log(`npm run build in ${opts.root}`);
  execFileSync("npm", ["run", "build"], { cwd: opts.root, stdio: ["ignore", "ignore", "inherit"] });
}
const toolBin = join(opts.root, "bin", "mcp-forensics");

/** Runs a shell command under a timeout; returns wall seconds, peak RSS (KiB) and how it ended. */
function measure(cmd) {
  const timed = hasTimeout ? `timeout -s KILL ${opts.timeout} sh -c ${quote(cmd)}` : cmd;
  const args = gnuTime ? ["/usr/bin/time", "-f", "@@%M %x", "sh", "-c", timed] : ["sh", "-c", timed];
  const start = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), { encoding: "utf8", maxBuffer: 64 << 20, timeout: hasTimeout ? 0 : opts.timeout * 1000, killSignal: "SIGKILL" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let rssKb = null;
  let status = r.status;
  let stderr = r.stderr ?? "";
  if (gnuTime) {
    const m = stderr.match(/@@(\d+) (-?\d+)\s*$/);
    if (m) {
      rssKb = Number(m[1]);
      stderr = stderr.slice(0, m.index);
    }
  }
  let outcome = "ok";
  if (status === 137 || r.signal === "SIGKILL" || seconds >= opts.timeout - 0.5) {
    outcome = `timed out after ${opts.timeout} s (killed)`;
    rssKb = null; // the killed process is reaped by init, not by time(1): its peak RSS is lost
  }
  else if (/heap out of memory|Allocation failed/.test(stderr)) outcome = `out of memory (--max-old-space-size=${opts.maxOldSpace})`;
  else if (status !== 0) outcome = `exit ${status}: ${stderr.trim().split("\n").pop()?.slice(0, 160)}`;
  return { seconds, rssKb, outcome, stdout: r.stdout ?? "" };
}

function countLines(path) {
  const cache = `${path}.lines`;
  if (existsSync(cache) && statSync(cache).mtimeMs >= statSync(path).mtimeMs) return Number(readFileSync(cache, "utf8"));
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(1 << 22);
  let n = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, null);
    if (got === 0) break;
    for (let i = buf.indexOf(10, 0); i !== -1 && i < got; i = buf.indexOf(10, i + 1)) n++;
  }
  closeSync(fd);
  writeFileSync(cache, String(n));
  return n;
}

function ensureLog(sizeMb) {
  const path = join(opts.dir, `events-${sizeMb}mb.jsonl`);
  if (!existsSync(path) || Math.abs(statSync(path).size - sizeMb * 1048576) > 1048576) {
    log(`generating ${path}`);
    execFileSync(process.execPath, [join(here, "generate-log.mjs"), path, String(sizeMb)], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const gz = `${path}.gz`;
  if (opts.gzip && (!existsSync(gz) || statSync(gz).mtimeMs < statSync(path).mtimeMs)) {
    log(`gzipping ${gz}`);
    sh(`gzip -1 -c ${quote(path)} > ${quote(gz)}`);
  }
  return { path, gz, bytes: statSync(path).size, lines: countLines(path) };
}

// One jq pass with three counters (no growing object: jq 1.6 copies those in reduce).
const JQ_AGG = `reduce inputs as $e ({created:0, nullInit:0, peak:0};
  if $e.event == "session_created" then .created += 1 else . end
  | if $e.event == "mcp_request_headers" and $e.mcp_session_id == null and $e.is_initialize == true then .nullInit += 1 else . end
  | if ($e.active_sessions // 0) > .peak then .peak = $e.active_sessions else . end)`;
const JQ_DISTINCT_FILTER = `select(.event=="session_created").session_id`;

/** Does the tool read gzip? Probe with a tiny gzipped log rather than assume. */
function toolReadsGzip() {
  const small = join(opts.dir, "probe.jsonl");
  writeFileSync(small, readFileSync(join(repo, "fixtures", "capture-2.jsonl")));
  sh(`gzip -c ${quote(small)} > ${quote(small)}.gz`);
  const r = spawnSync(process.execPath, [toolBin, "analyze", `${small}.gz`, "--format", "json", "--fail-on", "never"], { encoding: "utf8" });
  try {
    return r.status === 0 && JSON.parse(r.stdout).input.events > 0;
  } catch {
    return false;
  }
}

const rows = [];
const fmtRss = (kb) => (kb === null ? "n/a" : `${(kb / 1024).toFixed(0)} MB`);
function row(sizeMb, input, name, cmd, m, bytes, lines, refs) {
  const ok = m.outcome === "ok";
  const mbps = ok ? bytes / 1048576 / m.seconds : null;
  const r = { sizeMb, input, name, cmd, ...m, mbps, linesPerSec: ok ? lines / m.seconds : null };
  r.vsCat = ok && refs.cat?.mbps ? mbps / refs.cat.mbps : null;
  r.vsJq = ok && refs.jq?.mbps ? mbps / refs.jq.mbps : null;
  rows.push(r);
  log(`  ${name.padEnd(34)} ${ok ? `${m.seconds.toFixed(2)} s  ${mbps.toFixed(1)} MB/s` : m.outcome}  rss ${fmtRss(m.rssKb)}`);
  return r;
}

const gzipTool = opts.gzip ? toolReadsGzip() : false;
const jqBySize = {};
for (const sizeMb of opts.sizes) {
  const f = ensureLog(sizeMb);
  log(`\n${sizeMb} MiB: ${f.path} (${f.bytes} bytes, ${f.lines} lines)`);
  const refs = {};
  refs.cat = row(sizeMb, "plain", "cat", `cat FILE > /dev/null`, measure(`cat ${quote(f.path)} > /dev/null`), f.bytes, f.lines, {});
  if (jqVersion) {
    const m = measure(`jq -n -c ${quote(JQ_AGG)} ${quote(f.path)}`);
    refs.jq = row(sizeMb, "plain", "jq aggregation (1 pass, counters)", `jq -n -c '<counters>' FILE`, m, f.bytes, f.lines, refs);
    refs.jq.result = m.stdout.trim();
    const d = measure(`jq -r ${quote(JQ_DISTINCT_FILTER)} ${quote(f.path)} | sort -u | wc -l`);
    const rd = row(sizeMb, "plain", "jq distinct ids | sort -u | wc -l", `jq -r 'select(.event=="session_created").session_id' FILE | sort -u | wc -l`, d, f.bytes, f.lines, refs);
    rd.result = d.stdout.trim();
    jqBySize[sizeMb] = refs.jq;
  }
  const toolCmd = `${quote(process.execPath)} --max-old-space-size=${opts.maxOldSpace} ${quote(toolBin)} analyze ${quote(f.path)} --format json -o /dev/null --fail-on never`;
  row(sizeMb, "plain", "mcp-forensics analyze --format json", `node --max-old-space-size=${opts.maxOldSpace} bin/mcp-forensics analyze FILE --format json -o /dev/null --fail-on never`, measure(toolCmd), f.bytes, f.lines, refs);

  if (opts.gzip) {
    const gzRefs = {};
    gzRefs.cat = row(sizeMb, "gzip", "gzip -dc (cat)", `gzip -dc FILE.gz > /dev/null`, measure(`gzip -dc ${quote(f.gz)} > /dev/null`), f.bytes, f.lines, {});
    if (jqVersion) gzRefs.jq = row(sizeMb, "gzip", "gzip -dc | jq aggregation", `gzip -dc FILE.gz | jq -n -c '<counters>'`, measure(`gzip -dc ${quote(f.gz)} | jq -n -c ${quote(JQ_AGG)}`), f.bytes, f.lines, gzRefs);
    if (gzipTool) row(sizeMb, "gzip", "mcp-forensics analyze --format json", `node bin/mcp-forensics analyze FILE.gz --format json -o /dev/null --fail-on never`, measure(toolCmd.replace(quote(f.path), quote(f.gz))), f.bytes, f.lines, gzRefs);
    else rows.push({ sizeMb, input: "gzip", name: "mcp-forensics analyze --format json", outcome: "not supported yet", seconds: null, rssKb: null, mbps: null, linesPerSec: null, vsCat: null, vsJq: null });
  }
}

// jq must scale linearly before its figure is quoted (issue 8).
const notes = [];
const jqSizes = Object.keys(jqBySize).map(Number).sort((a, b) => a - b);
if (jqSizes.length >= 2) {
  const [a, b] = [jqBySize[jqSizes[0]], jqBySize[jqSizes.at(-1)]];
  if (a.mbps && b.mbps) {
    const drift = b.mbps / a.mbps;
    notes.push(`jq linearity: ${a.mbps.toFixed(1)} MB/s at ${jqSizes[0]} MiB, ${b.mbps.toFixed(1)} MB/s at ${jqSizes.at(-1)} MiB (ratio ${drift.toFixed(2)}; ${Math.abs(1 - drift) <= 0.2 ? "linear" : "NOT linear: do not quote jq's figure"})`);
  }
}
for (const s of opts.sizes) {
  const agg = rows.find((r) => r.sizeMb === s && r.name.startsWith("jq aggregation") && r.input === "plain");
  const dis = rows.find((r) => r.sizeMb === s && r.name.startsWith("jq distinct"));
  if (agg?.result) notes.push(`jq at ${s} MiB: ${agg.result}, distinct session ids ${dis?.result ?? "n/a"}`);
}
const loadAtEnd = loadavg()[0];
if (Math.max(loadAtStart, loadAtEnd) > availableParallelism()) notes.push(`machine busy: 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end on ${availableParallelism()} cores: absolute figures are pessimistic, paired ratios less so`);
else notes.push(`1-min load average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end`);
if (!gnuTime) notes.push("peak RSS n/a: GNU /usr/bin/time not installed (apt-get install -y time)");
notes.push("ratios: MB/s over cat's and over the single-pass jq aggregation's MB/s on the same file in this run (gzip rows: over gzip -dc and gzip -dc | jq); MB/s of decompressed log");

const cell = (v, d = 1) => (v === null || v === undefined ? "—" : v.toFixed(d));
const commit = spawnSync("git", ["-C", opts.root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout?.trim() || "n/a";
const dirty = spawnSync("git", ["-C", opts.root, "status", "--porcelain", "src"], { encoding: "utf8" }).stdout?.trim() ? " (src modified)" : "";
const lines = [];
lines.push(`## ${new Date().toISOString()}`);
lines.push("");
lines.push(`nproc ${sh("nproc")} (${availableParallelism()} available), ${cpus()[0]?.model ?? "cpu n/a"}, node ${process.version}, ${jqVersion ?? "no jq"}, tool at ${opts.root === repo ? "this repository" : opts.root} commit ${commit}${dirty}, timeout ${opts.timeout} s, --max-old-space-size=${opts.maxOldSpace}${opts.label ? `; ${opts.label}` : ""}`);
lines.push("");
lines.push("| size | input | command | time s | MB/s | lines/s | peak RSS | × cat | × jq | outcome |");
lines.push("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
for (const r of rows) {
  lines.push(`| ${r.sizeMb} MiB | ${r.input} | \`${(r.cmd ?? r.name).replaceAll("|", "\\|")}\` | ${cell(r.seconds, 2)} | ${cell(r.mbps)} | ${r.linesPerSec ? Math.round(r.linesPerSec).toLocaleString("en-US") : "—"} | ${fmtRss(r.rssKb)} | ${cell(r.vsCat, 3)} | ${cell(r.vsJq, 2)} | ${r.outcome} |`);
}
lines.push("");
for (const n of notes) lines.push(`- ${n}`);
lines.push("");
const block = lines.join("\n");
process.stdout.write(`\n${block}\n`);
if (opts.results) {
  const results = join(here, "RESULTS.md");
  if (!existsSync(results)) writeFileSync(results, "# Benchmark results (`npm run bench`, issue 8)\n\nAppended by bench/run.mjs; newest last. Logs from bench/generate-log.mjs (seed 8).\n\n");
  appendFileSync(results, `${block}\n`);
  log(`appended to ${results}`);
}
