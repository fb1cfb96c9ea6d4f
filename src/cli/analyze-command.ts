import { writeFile } from "node:fs/promises";
import { waitForDrain } from "../wait-for-drain.js";
import { analyzeLog } from "../analyze.js";
import { analyzers } from "../analyzers/index.js";
import { enabledAnalyzers, type RuleLevels } from "../analyzers/run-analyzers.js";
import { parseAccessMapping, type AccessMapping } from "../input/access-format.js";
import { INPUT_FORMATS } from "../input/input-summary.js";
import { parseInstanceSource, type InstanceSource } from "../input/instance-source.js";
import { ReadingThreadOutOfMemoryError } from "../input/read-in-worker.js";
import { HeapLimitError } from "../timeline/heap-guard.js";
import { SpillReadError } from "../timeline/spill-file.js";
import { STDIN } from "../input/read-lines.js";
import { displayText } from "../render/escape.js";
import { redactForDisplay, type DisplayRedaction } from "../render/redact.js";
import type { SarifRule } from "../render/sarif.js";
import type { Report } from "../report.js";
import { collectLargeGarbage } from "../collect-garbage.js";
import { shouldUseColor } from "./color.js";
import { EXIT_FINDINGS, EXIT_OK, fail } from "./fail.js";
import { loadConfig } from "./load-config.js";
import { describeUnreadable } from "./read-input-error.js";
import { openProgressBar } from "./progress.js";
import { isAtOrAbove, parseByteCount, parseChoice, parseDisplayRedaction, parseTime, UsageError, FORMATS, type FailLevel, type Format } from "./parse-options.js";
import { resolveSettings } from "./resolve-settings.js";

export interface AnalyzeFlags {
  format?: string;
  output?: string;
  batchGap?: string;
  from?: string;
  to?: string;
  client?: string;
  session?: string;
  failOn?: string;
  rule: string[];
  quiet?: boolean;
  config?: string;
  github: boolean;
  strict?: boolean;
  maxLineBytes?: string;
  inputFormat?: string;
  endpoint?: string;
  map: string[];
  instanceFrom?: string;
  fullIds?: boolean;
  charts?: boolean;
  redact: boolean;
  redactSalt?: string;
}

const RULE_IDS: readonly string[] = analyzers.map((a) => a.id);
const INPUT_FORMAT_CHOICES = ["auto", ...INPUT_FORMATS] as const;

/**
 * `mcp-forensics analyze`: the exit code of a run. The main module loads this one only for the
 * command, and this one loads the analysis (analyzeLog), a renderer and the GitHub reporter only
 * once a run needs them: each costs its module loading, which is most of a small log's run.
 */
export async function runAnalyze(files: string[], flags: AnalyzeFlags, version: string): Promise<number> {
  try {
    return await analyzeAndReport(files, flags, version);
  } catch (error) {
    // A log too large for the heap, a temporary file that failed, and input that --strict refuses: one line each, like a usage error.
    if (error instanceof HeapLimitError || error instanceof ReadingThreadOutOfMemoryError || error instanceof SpillReadError) return fail(error.message);
    // Its module is loaded by then (reading, which throws it, needs it): this import reads no file.
    const { StrictInputError } = await import("../input/read-events.js");
    if (error instanceof StrictInputError) return fail(error.message);
    throw error;
  }
}

async function analyzeAndReport(files: string[], flags: AnalyzeFlags, version: string): Promise<number> {
  const format: Format = flags.format ? parseChoice(flags.format, FORMATS, "--format") : process.stdout.isTTY && !flags.output ? "table" : "markdown";
  const settings = resolveSettings(flags, await loadConfig(flags.config, RULE_IDS), RULE_IDS);
  const display = parseDisplayRedaction(flags);
  const options = {
    batchGapMs: settings.batchGapMs,
    from: parseTime(flags.from, "--from"),
    to: parseTime(flags.to, "--to"),
    client: flags.client ?? null,
    session: flags.session ?? null,
    strict: flags.strict === true,
    maxLineBytes: flags.maxLineBytes === undefined ? undefined : parseByteCount(flags.maxLineBytes, "--max-line-bytes"),
    toolVersion: version,
    rules: settings.rules,
    ...parseInputFormat(flags),
    endpoint: flags.endpoint ?? "/mcp",
    instanceFrom: parseInstanceFrom(flags.instanceFrom),
    inputErrors: [] as string[],
    thresholds: settings.thresholds,
    readingThreadMinBytes: readingThreadMinBytes(process.env.MCP_FORENSICS_READING_THREAD_MIN_BYTES),
  };
  if (files.filter((f) => f === STDIN).length > 1) return fail("- (stdin) can be given only once");
  for (const file of files) {
    const unreadable = file === STDIN ? null : await describeUnreadable(file);
    if (unreadable) return fail(unreadable);
  }
  const render = await loadRenderer(format, flags, display, settings.failOn, settings.rules);
  // Loaded up front too, for the same reason as the renderer (see loadRenderer).
  const github = flags.github && process.env.GITHUB_ACTIONS === "true" ? (await import("./github.js")).reportToGithub : null;
  const progress = await openProgressBar(files, format, process.stderr);
  let full: Report;
  try {
    full = await analyzeLog(files, { ...options, onProgress: progress ? (stored, log) => progress.update(stored, log) : undefined });
  } finally {
    progress?.finish();
  }
  collectLargeGarbage();
  // A report on nothing would read as "no bugs found": an empty or unusable log is an input error.
  if (full.input.events === 0) return fail(options.inputErrors[0] ?? `${files.join(", ")}: no events (${full.input.lines} lines read)`);
  const failing = full.findings.filter((f) => isAtOrAbove(f.severity, settings.failOn));
  // ESLint's --quiet: the report keeps only what fails the run; the exit code is unchanged.
  const report = flags.quiet ? { ...full, findings: failing } : full;
  const text = render(report);
  if (flags.output) await writeFile(flags.output, text);
  else await writeToStdout(text);
  if (report.input.skippedCount > 0) {
    const first = report.input.skipped[0]!;
    process.stderr.write(`mcp-forensics: skipped ${report.input.skippedCount} malformed line(s); first: ${displayText(`${first.file}:${first.line}: ${first.reason}`)}\n`);
  }
  if (github) await github(redactForDisplay(report, display), settings.failOn, process.env, display.ids === "full");
  // A corrupt gzip: the report covers what was read before the break, but the run is not clean.
  if (options.inputErrors.length > 0) return options.inputErrors.map(fail).at(-1)!;
  return failing.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The rules as they ran: enabled, at the severity the user gave them. */
function describeRules(levels: RuleLevels): SarifRule[] {
  return enabledAnalyzers(analyzers, levels).map(({ id, description, specRef, severity }) => {
    const level = levels[id];
    return { id, description, specRef, severity: level === undefined || level === "off" ? severity : level };
  });
}

/**
 * The format's renderer, as a function of the report, loaded before the analysis rather than once
 * the report is built: with the heap at its fullest, that import() ran a 24 MB heap out of memory
 * (V8's abort, 7 runs of 12 on a 15 MiB log, none with the renderer loaded up front).
 */
async function loadRenderer(format: Format, flags: AnalyzeFlags, display: DisplayRedaction, failOn: FailLevel, levels: RuleLevels): Promise<(report: Report) => string | Iterable<string>> {
  const fullIds = display.ids === "full";
  const charts = flags.charts !== false;
  // JSON, JUnit and SARIF are the machine formats: whole ids and addresses, for exact matching.
  switch (format) {
    case "json": {
      // In pieces, never the whole text at once (see jsonPieces): the heap is at its fullest here.
      const { jsonPieces } = await import("../render/json.js");
      return (report) => inRuns(jsonPieces(report), WRITE_RUN_CHARS);
    }
    case "markdown": {
      const { renderMarkdown } = await import("../render/markdown.js");
      return (report) => renderMarkdown(redactForDisplay(report, display), { fullIds, charts });
    }
    case "html": {
      const { renderHtml } = await import("../render/html.js");
      return (report) => renderHtml(redactForDisplay(report, display), { fullIds });
    }
    case "junit": {
      const { renderJunit } = await import("../render/junit.js");
      return (report) => renderJunit(report, { rules: describeRules(levels), failOn });
    }
    case "sarif": {
      const { renderSarif } = await import("../render/sarif.js");
      return (report) => renderSarif(report, { rules: describeRules(levels), workspace: process.env.GITHUB_WORKSPACE || process.cwd() });
    }
    case "table": {
      const { renderTable } = await import("../render/table.js");
      return (report) =>
        renderTable(redactForDisplay(report, display), {
          color: !flags.output && shouldUseColor(process.env, process.stdout.isTTY === true),
          fullIds,
          width: process.stdout.columns ?? 100,
          charts,
        });
    }
  }
}

function parseInstanceFrom(spec: string | undefined): InstanceSource | undefined {
  if (spec === undefined) return undefined;
  const source = parseInstanceSource(spec);
  if (typeof source === "string") throw new UsageError(source);
  return source;
}

/** `--map` implies the access format, which cannot be detected and needs it. */
function parseInputFormat(flags: AnalyzeFlags): { inputFormat?: (typeof INPUT_FORMAT_CHOICES)[number]; accessMapping?: AccessMapping } {
  const inputFormat = flags.inputFormat === undefined ? (flags.map.length > 0 ? "access" : undefined) : parseChoice(flags.inputFormat, INPUT_FORMAT_CHOICES, "--input-format");
  if (inputFormat !== "access") {
    if (flags.map.length > 0) throw new UsageError(`--map is for --input-format access, not ${inputFormat}`);
    return { inputFormat };
  }
  const mapping = parseAccessMapping(flags.map);
  if (typeof mapping === "string") throw new UsageError(mapping);
  return { inputFormat, accessMapping: mapping };
}

/** The size from which a file is read on a thread of its own; the variable exists for tests and measurements. */
function readingThreadMinBytes(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 0) throw new UsageError(`MCP_FORENSICS_READING_THREAD_MIN_BYTES must be a byte count, got ${JSON.stringify(value)}`);
  return bytes;
}

/**
 * About how much text one write takes: a write per piece of the JSON (a finding, a client) was
 * some 10,000 writes for the 100 MiB bench log's 8 MB report, and `-o FILE` waited 0.3-0.4 s more
 * for them (1.45 -> 1.85 s wall, the same CPU).
 */
const WRITE_RUN_CHARS = 1 << 20;

/** The pieces joined into runs of at least `chars` characters (the last may be shorter). */
function* inRuns(pieces: Iterable<string>, chars: number): Generator<string> {
  let run: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    run.push(piece);
    length += piece.length;
    if (length >= chars) {
      yield run.join("");
      run = [];
      length = 0;
    }
  }
  if (run.length > 0) yield run.join("");
}

/**
 * The report on stdout, piece by piece when it comes in pieces: a pipe takes them as its reader
 * reads, and a piece waits for the one before to drain rather than queue on the heap.
 */
async function writeToStdout(text: string | Iterable<string>): Promise<void> {
  const stdout = process.stdout;
  if (typeof text === "string") {
    stdout.write(text);
    return;
  }
  for (const piece of text) {
    if (!stdout.write(piece)) await waitForDrain(stdout);
  }
}
