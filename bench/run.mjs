#!/usr/bin/env node
// Benchmark of issue 8: `npm run bench` (or `node bench/run.mjs [options]`).
//
// Generates (deterministic, not committed; reused when present) logs of a busy server in the core
// events format and as pino-http lines (bench/generate-log.mjs --format), then times side by side on
// each: `cat FILE > /dev/null`, the same aggregation in jq (one pass of counters, plus distinct
// session ids through `sort -u`; ratios to the counters pass alone and to the two together), the issue's reference loop of line splitting and JSON.parse
// (bench/parse-only.mjs --plain), and `mcp-forensics analyze FILE --format json`. Same for a gzipped
// copy (cat and jq through `gzip -dc`; the tool only when it reads gzip). Prints MB/s, lines/s, peak
// RSS, ratios to cat and jq (within the same format and input), checks the tool's JSON summary
// against jq's counts, and appends a dated block to bench/RESULTS.md.
//
// Options:
//   --sizes 100,1024     sizes in MiB (default 100,1024)
//   --formats events,pino  log formats (default both)
//   --dir DIR            where the logs go (default $TMPDIR/mcp-forensics-bench)
//   --timeout S          per command, seconds (default 600); a timed-out run is recorded as such
//   --max-old-space MB   heap cap for the tool's node (default 4096)
//   --root DIR           the mcp-forensics checkout to time (default: this repository)
//   --label TEXT         a note for the results block (e.g. which snapshot of src/ was timed)
//   --no-build           do not run `npm run build` in --root first
//   --no-gzip            skip the gzipped copies
//   --no-results         do not append to bench/RESULTS.md
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

const FORMAT_NAMES = ["events", "pino"];
const opts = { sizes: [100, 1024], formats: FORMAT_NAMES, dir: join(tmpdir(), "mcp-forensics-bench"), timeout: 600, maxOldSpace: 4096, root: repo, build: true, gzip: true, results: true };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--sizes") opts.sizes = argv[++i].split(",").map(Number);
  else if (a === "--formats") opts.formats = argv[++i].split(",");
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
if (opts.formats.length === 0 || opts.formats.some((f) => !FORMAT_NAMES.includes(f))) {
  process.stderr.write(`--formats takes ${FORMAT_NAMES.join(", ")} (comma-separated)\n`);
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

function ensureLog(format, sizeMb) {
  const path = join(opts.dir, `${format}-${sizeMb}mb.jsonl`);
  if (!existsSync(path) || Math.abs(statSync(path).size - sizeMb * 1048576) > 1048576) {
    log(`generating ${path}`);
    execFileSync(process.execPath, [join(here, "generate-log.mjs"), path, String(sizeMb), "--format", format], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const gz = `${path}.gz`;
  if (opts.gzip && (!existsSync(gz) || statSync(gz).mtimeMs < statSync(path).mtimeMs)) {
    log(`gzipping ${gz}`);
    sh(`gzip -1 -c ${quote(path)} > ${quote(gz)}`);
  }
  return { path, gz, bytes: statSync(path).size, lines: countLines(path) };
}

// Per format: one jq pass of counters (no growing object: jq 1.6 copies those in reduce), a filter
// printing session ids for `sort -u | wc -l`, and the tool's summary fields each count must equal.
const FORMATS = {
  events: {
    agg: `reduce inputs as $e ({created:0, nullInit:0, peak:0};
  if $e.event == "session_created" then .created += 1 else . end
  | if $e.event == "mcp_request_headers" and $e.mcp_session_id == null and $e.is_initialize == true then .nullInit += 1 else . end
  | if ($e.active_sessions // 0) > .peak then .peak = $e.active_sessions else . end)`,
    distinct: `select(.event=="session_created").session_id`,
    compare: (s, jq) => [["sessionsCreated", s.sessionsCreated, jq.created], ["nullSessionInitializeRequests", s.nullSessionInitializeRequests, jq.nullInit], ["peakActiveSessions", s.peakActiveSessions, jq.peak]],
  },
  // pino-http logs one line per request when its response finished; no session lines, no
  // active_sessions (so no peak). Counted, for lines to /mcp (the generator writes no query
  // string): requests; requests sending an mcp-session-id; sessions created = a request without
  // mcp-session-id answered with one (each such id is new in the generated log, which is the tool's
  // "answered with an id no request had used"); DELETEs; 404s. `other` = every other line (health
  // probes, the app's own lines): the tool's ignored lines. Distinct ids: every mcp-session-id a
  // response to /mcp carried, which equals sessions created when no id appears from nowhere.
  pino: {
    agg: `reduce inputs as $l ({requests:0, withSessionId:0, created:0, deletes:0, notFound:0, other:0};
  if $l.req.url == "/mcp" and ($l.res | type) == "object" then
    .requests += 1
    | if $l.req.headers["mcp-session-id"] != null then .withSessionId += 1
      elif $l.res.headers["mcp-session-id"] != null then .created += 1 else . end
    | if $l.req.method == "DELETE" then .deletes += 1 else . end
    | if $l.res.statusCode == 404 then .notFound += 1 else . end
  else .other += 1 end)`,
    distinct: `select(.req.url=="/mcp") | .res.headers["mcp-session-id"] // empty`,
    compare: (s, jq, input) => [
      ["requests", s.requests, jq.requests],
      ["requestsWithSessionId", s.requestsWithSessionId, jq.withSessionId],
      ["sessionsCreated", s.sessionsCreated, jq.created],
      ["initializeRequests", s.initializeRequests, jq.created],
      ["deleteRequests", s.deleteRequests, jq.deletes],
      ["statusCounts.404", s.statusCounts?.["404"] ?? 0, jq.notFound],
      ["ignored lines", Object.values(input.ignoredEvents ?? {}).reduce((n, v) => n + v, 0), jq.other],
    ],
  },
};

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
  r.vsJqAll = ok && refs.jqAll?.mbps ? mbps / refs.jqAll.mbps : null;
  rows.push(r);
  log(`  ${name.padEnd(34)} ${ok ? `${m.seconds.toFixed(2)} s  ${mbps.toFixed(1)} MB/s` : m.outcome}  rss ${fmtRss(m.rssKb)}`);
  return r;
}

/**
 * The tool's JSON summary against jq's counters and distinct ids: "agree" or the differing fields.
 * A mismatch is reported, not fixed up: it is a finding about the tool or about the jq expression.
 */
function compareWithJq(format, reportPath, jqResult, distinct) {
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, "utf8"));
  } catch (error) {
    return `no tool report to compare (${error.message})`;
  }
  const pairs = FORMATS[format].compare(report.summary, JSON.parse(jqResult), report.input);
  pairs.push(["distinct session ids (sessionsCreated)", report.summary.sessionsCreated, Number(distinct)]);
  pairs.push(["input.format", report.input.format, format]);
  const differ = pairs.filter(([, tool, jq]) => tool !== jq);
  const shown = (list) => list.map(([name, tool, jq]) => `${name} tool ${tool} / jq ${jq}`).join(", ");
  return differ.length === 0 ? `tool and jq agree (${pairs.map(([name, tool]) => `${name} ${tool}`).join(", ")})` : `MISMATCH: ${shown(differ)}`;
}

/**
 * The issue's "equivalent aggregation in jq" whole: its counters pass and its distinct-ids pipeline,
 * one after the other, as an operator would run them to get the four numbers (the issue's ~32 MB/s
 * for jq on a 2-core machine is this one's figure here; the counters pass alone is ~48 MB/s). A row
 * of its own whose time is the two rows' sum, so that both ratios can be read from the table.
 */
function wholeAggregation(sizeMb, input, counters, distinct, f) {
  if (counters.outcome !== "ok" || distinct.outcome !== "ok") return null;
  const seconds = counters.seconds + distinct.seconds;
  const rssKb = counters.rssKb === null || distinct.rssKb === null ? null : Math.max(counters.rssKb, distinct.rssKb);
  const r = { sizeMb, input, name: "jq whole aggregation (the two above, one after the other)", cmd: "the two jq rows above, one after the other (time: their sum)", seconds, rssKb, outcome: "ok", mbps: f.bytes / 1048576 / seconds, linesPerSec: f.lines / seconds, vsCat: null, vsJq: null, vsJqAll: null };
  rows.push(r);
  log(`  ${r.name.padEnd(34)} ${seconds.toFixed(2)} s  ${r.mbps.toFixed(1)} MB/s`);
  return r;
}

const gzipTool = opts.gzip ? toolReadsGzip() : false;
const jqBySize = Object.fromEntries(opts.formats.map((f) => [f, {}]));
const checks = [];
for (const sizeMb of opts.sizes) {
  for (const format of opts.formats) {
    const { agg, distinct } = FORMATS[format];
    const f = ensureLog(format, sizeMb);
    const [plain, gzipped] = [format, `${format} gzip`];
    log(`\n${sizeMb} MiB ${format}: ${f.path} (${f.bytes} bytes, ${f.lines} lines)`);
    const refs = {};
    let distinctIds = null;
    refs.cat = row(sizeMb, plain, "cat", `cat FILE > /dev/null`, measure(`cat ${quote(f.path)} > /dev/null`), f.bytes, f.lines, {});
    if (jqVersion) {
      const m = measure(`jq -n -c ${quote(agg)} ${quote(f.path)}`);
      refs.jq = row(sizeMb, plain, "jq aggregation (1 pass, counters)", `jq -n -c '<counters>' FILE`, m, f.bytes, f.lines, refs);
      refs.jq.result = m.stdout.trim();
      const d = measure(`jq -r ${quote(distinct)} ${quote(f.path)} | sort -u | wc -l`);
      const rd = row(sizeMb, plain, "jq distinct ids | sort -u | wc -l", `jq -r '${distinct}' FILE | sort -u | wc -l`, d, f.bytes, f.lines, refs);
      rd.result = d.stdout.trim();
      distinctIds = rd.result;
      jqBySize[format][sizeMb] = refs.jq;
      refs.jqAll = wholeAggregation(sizeMb, plain, refs.jq, rd, f);
    }
    // The issue's reference loop (byte-level line splitting and JSON.parse of every line, nothing
    // else) on this machine at this moment: the ceiling an exact reader of this file can approach,
    // which says how far a target quoted from another machine (MB/s) is from this one.
    const ceiling = measure(`${quote(process.execPath)} ${quote(join(here, "parse-only.mjs"))} ${quote(f.path)} --plain`);
    row(sizeMb, plain, "node loop: split + JSON.parse", `node bench/parse-only.mjs FILE --plain`, ceiling, f.bytes, f.lines, refs);
    // The report goes to a file (not /dev/null) so that its summary can be checked against jq.
    const report = join(opts.dir, `${format}-${sizeMb}mb.report.json`);
    rmSync(report, { force: true });
    const toolCmd = `${quote(process.execPath)} --max-old-space-size=${opts.maxOldSpace} ${quote(toolBin)} analyze ${quote(f.path)} --format json -o ${quote(report)} --fail-on never`;
    const tool = row(sizeMb, plain, "mcp-forensics analyze --format json", `node --max-old-space-size=${opts.maxOldSpace} bin/mcp-forensics analyze FILE --format json -o REPORT.json --fail-on never`, measure(toolCmd), f.bytes, f.lines, refs);
    if (refs.jq?.result && tool.outcome === "ok") {
      const verdict = compareWithJq(format, report, refs.jq.result, distinctIds);
      checks.push(`${format} at ${sizeMb} MiB: ${verdict}`);
      log(`  check: ${verdict}`);
    }

    if (opts.gzip) {
      const gzRefs = {};
      gzRefs.cat = row(sizeMb, gzipped, "gzip -dc (cat)", `gzip -dc FILE.gz > /dev/null`, measure(`gzip -dc ${quote(f.gz)} > /dev/null`), f.bytes, f.lines, {});
      if (jqVersion) {
        gzRefs.jq = row(sizeMb, gzipped, "gzip -dc | jq aggregation", `gzip -dc FILE.gz | jq -n -c '<counters>'`, measure(`gzip -dc ${quote(f.gz)} | jq -n -c ${quote(agg)}`), f.bytes, f.lines, gzRefs);
        const d = measure(`gzip -dc ${quote(f.gz)} | jq -r ${quote(distinct)} | sort -u | wc -l`);
        const rd = row(sizeMb, gzipped, "gzip -dc | jq distinct ids | sort -u | wc -l", `gzip -dc FILE.gz | jq -r '${distinct}' | sort -u | wc -l`, d, f.bytes, f.lines, gzRefs);
        gzRefs.jqAll = wholeAggregation(sizeMb, gzipped, gzRefs.jq, rd, f);
      }
      if (gzipTool) row(sizeMb, gzipped, "mcp-forensics analyze --format json", `node bin/mcp-forensics analyze FILE.gz --format json -o /dev/null --fail-on never`, measure(toolCmd.replace(quote(f.path), quote(f.gz)).replace(quote(report), "/dev/null")), f.bytes, f.lines, gzRefs);
      else rows.push({ sizeMb, input: gzipped, name: "mcp-forensics analyze --format json", outcome: "not supported yet", seconds: null, rssKb: null, mbps: null, linesPerSec: null, vsCat: null, vsJq: null, vsJqAll: null });
    }
  }
}

// jq must scale linearly before its figure is quoted (issue 8).
const notes = [];
for (const format of opts.formats) {
  const jqSizes = Object.keys(jqBySize[format]).map(Number).sort((a, b) => a - b);
  if (jqSizes.length < 2) continue;
  const [a, b] = [jqBySize[format][jqSizes[0]], jqBySize[format][jqSizes.at(-1)]];
  if (a.mbps && b.mbps) {
    const drift = b.mbps / a.mbps;
    notes.push(`jq linearity (${format}): ${a.mbps.toFixed(1)} MB/s at ${jqSizes[0]} MiB, ${b.mbps.toFixed(1)} MB/s at ${jqSizes.at(-1)} MiB (ratio ${drift.toFixed(2)}; ${Math.abs(1 - drift) <= 0.2 ? "linear" : "NOT linear: do not quote jq's figure"})`);
  }
}
for (const s of opts.sizes) {
  for (const format of opts.formats) {
    const agg = rows.find((r) => r.sizeMb === s && r.input === format && r.name.startsWith("jq aggregation"));
    const dis = rows.find((r) => r.sizeMb === s && r.input === format && r.name.startsWith("jq distinct"));
    if (agg?.result) notes.push(`jq on ${format} at ${s} MiB: ${agg.result}, distinct session ids ${dis?.result ?? "n/a"}`);
  }
}
for (const s of opts.sizes) {
  for (const format of opts.formats) {
    const loop = rows.find((r) => r.sizeMb === s && r.input === format && r.name.startsWith("node loop"));
    const tool = rows.find((r) => r.sizeMb === s && r.input === format && r.name.startsWith("mcp-forensics"));
    if (loop?.mbps && tool?.mbps) notes.push(`${format} at ${s} MiB: the tool runs at ${(tool.mbps / loop.mbps).toFixed(2)} × the reference loop's ${loop.mbps.toFixed(1)} MB/s (the loop is ${loop.vsJq?.toFixed(2) ?? "n/a"} × jq's counters pass, ${loop.vsJqAll?.toFixed(2) ?? "n/a"} × jq's whole aggregation)`);
  }
}
notes.push(...checks);
const loadAtEnd = loadavg()[0];
if (Math.max(loadAtStart, loadAtEnd) > availableParallelism()) notes.push(`machine busy: 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end on ${availableParallelism()} cores: absolute figures are pessimistic, paired ratios less so`);
else notes.push(`1-min load average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end`);
if (!gnuTime) notes.push("peak RSS n/a: GNU /usr/bin/time not installed (apt-get install -y time)");
notes.push("ratios: MB/s over cat's, over jq's counters pass alone (× jq) and over jq's whole aggregation (× jq all: the counters pass and the distinct-ids pipeline one after the other, the issue's \"equivalent aggregation\"), on the same file in this run (gzip rows: over gzip -dc and the same jq commands after gzip -dc); MB/s of decompressed log; input = log format (events: the core events format, pino: pino-http lines), plain or gzipped");

const cell = (v, d = 1) => (v === null || v === undefined ? "—" : v.toFixed(d));
const commit = spawnSync("git", ["-C", opts.root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout?.trim() || "n/a";
const dirty = spawnSync("git", ["-C", opts.root, "status", "--porcelain", "src"], { encoding: "utf8" }).stdout?.trim() ? " (src modified)" : "";
const lines = [];
lines.push(`## ${new Date().toISOString()}`);
lines.push("");
lines.push(`nproc ${sh("nproc")} (${availableParallelism()} available), ${cpus()[0]?.model ?? "cpu n/a"}, node ${process.version}, ${jqVersion ?? "no jq"}, tool at ${opts.root === repo ? "this repository" : opts.root} commit ${commit}${dirty}, timeout ${opts.timeout} s, --max-old-space-size=${opts.maxOldSpace}${opts.label ? `; ${opts.label}` : ""}`);
lines.push("");
lines.push("| size | input | command | time s | MB/s | lines/s | peak RSS | × cat | × jq | × jq all | outcome |");
lines.push("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
for (const r of rows) {
  lines.push(`| ${r.sizeMb} MiB | ${r.input} | \`${(r.cmd ?? r.name).replaceAll("|", "\\|")}\` | ${cell(r.seconds, 2)} | ${cell(r.mbps)} | ${r.linesPerSec ? Math.round(r.linesPerSec).toLocaleString("en-US") : "—"} | ${fmtRss(r.rssKb)} | ${cell(r.vsCat, 3)} | ${cell(r.vsJq, 2)} | ${cell(r.vsJqAll, 2)} | ${r.outcome} |`);
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
