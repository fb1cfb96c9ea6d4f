import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { Command, CommanderError, Option } from "commander";
import { analyzeLog } from "../analyze.js";
import { analyzers } from "../analyzers/index.js";
import { enabledAnalyzers, type RuleLevels } from "../analyzers/run-analyzers.js";
import { parseAccessMapping, type AccessMapping } from "../input/access-format.js";
import { INPUT_FORMATS } from "../input/input-summary.js";
import { parseInstanceSource, type InstanceSource } from "../input/instance-source.js";
import { StrictInputError } from "../input/read-events.js";
import { ReadingThreadOutOfMemoryError } from "../input/read-in-worker.js";
import { HeapLimitError } from "../timeline/heap-guard.js";
import { STDIN } from "../input/read-lines.js";
import { redactSecrets } from "../redact.js";
import { displayText } from "../render/escape.js";
import { redactForDisplay } from "../render/redact.js";
import { renderHtml } from "../render/html.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { renderJunit } from "../render/junit.js";
import { renderSarif, type SarifRule } from "../render/sarif.js";
import { renderTable } from "../render/table.js";
import type { Report } from "../report.js";
import { collectGarbage } from "../collect-garbage.js";
import { shouldUseColor } from "./color.js";
import { reportToGithub } from "./github.js";
import { loadConfig } from "./load-config.js";
import { describeUnreadable } from "./read-input-error.js";
import { openProgressBar } from "./progress.js";
import { registerRecordCommand } from "./record-command.js";
import { FORMATS, isAtOrAbove, parseByteCount, parseChoice, parseDisplayRedaction, parseTime, UsageError, type FailLevel, type Format } from "./parse-options.js";
import { resolveSettings } from "./resolve-settings.js";

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

const version = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

interface AnalyzeFlags {
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

const collect = (value: string, previous: string[]) => [...previous, value];

function buildProgram(): Command {
  const program = new Command("mcp-forensics")
    .description("Turn an MCP server's logs into forensic evidence of client session bugs")
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command("analyze")
    .description("analyze a JSONL log of the server's session events")
    .argument("<files...>", "log files (events JSONL, pino-http, access JSONL or HAR; gzip detected; - for stdin), merged by time")
    .addOption(new Option("-f, --format <format>", "table | markdown | json | junit | sarif | html (default: table on a terminal, markdown otherwise)"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--batch-gap <duration>", "longest pause inside one batch of a client's requests (default: 2s)")
    .option("--from <time>", "ignore events before this ISO-8601 time")
    .option("--to <time>", "ignore events after this ISO-8601 time")
    .option("--client <text>", "only clients whose user agent contains this text")
    .option("--session <id>", "only sessions whose id starts with this")
    .option("--fail-on <level>", "exit 1 when a finding is at or above: error | warning | info | never (default: error)")
    .option("--rule <rule=level>", "set a rule's severity: off | info | warning | error (repeatable)", collect, [])
    .option("--quiet", "report only findings at or above --fail-on")
    .option("--config <file>", "settings file (default: ./mcp-forensics.config.json when present)")
    .option("--no-github", "no annotations or step summary even when GITHUB_ACTIONS=true")
    .option("--strict", "treat the first malformed line as a fatal error (exit 2)")
    .option("--max-line-bytes <size>", "skip longer lines without reading them into memory (default: 1MiB)")
    .option("--input-format <format>", "auto | events | pino | access | har (default: auto, decided per file from its first lines; access needs --map)")
    .option("--endpoint <path>", "the MCP endpoint's path; other requests in a pino or access log are ignored (default: /mcp)")
    .option("--map <field=path|preset>", "access log fields (e.g. session=RequestHeaders.mcp-session-id) or a preset: nginx | cloudflare (repeatable; implies --input-format access)", collect, [])
    .option("--instance-from <source>", "label each event with its server instance: filename | field:NAME (e.g. field:hostname)")
    .option("--full-ids", "print whole session ids instead of their first 8 characters")
    .option("--no-charts", "leave the session and active-session charts out of the report")
    .option("--no-redact", "print whole session ids and IP addresses (credentials stay redacted)")
    .option("--redact-salt <salt>", "show session ids as the first 8 hex digits of HMAC-SHA256(salt, id): stable across runs, not revealing the id")
    .action(async (files: string[], flags: AnalyzeFlags) => {
      process.exitCode = await runAnalyze(files, flags);
    });
  registerRecordCommand(program);
  return program;
}

async function runAnalyze(files: string[], flags: AnalyzeFlags): Promise<number> {
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
  const progress = await openProgressBar(files, format, process.stderr);
  let full: Report;
  try {
    full = await analyzeLog(files, { ...options, onProgress: progress ? (stored, log) => progress.update(stored, log) : undefined });
  } finally {
    progress?.finish();
  }
  collectGarbage();
  // A report on nothing would read as "no bugs found": an empty or unusable log is an input error.
  if (full.input.events === 0) return fail(options.inputErrors[0] ?? `${files.join(", ")}: no events (${full.input.lines} lines read)`);
  const failing = full.findings.filter((f) => isAtOrAbove(f.severity, settings.failOn));
  // ESLint's --quiet: the report keeps only what fails the run; the exit code is unchanged.
  const report = flags.quiet ? { ...full, findings: failing } : full;
  const text = render(report, format, flags, settings.failOn, settings.rules);
  if (flags.output) await writeFile(flags.output, text);
  else process.stdout.write(text);
  if (report.input.skippedCount > 0) {
    const first = report.input.skipped[0]!;
    process.stderr.write(`mcp-forensics: skipped ${report.input.skippedCount} malformed line(s); first: ${displayText(`${first.file}:${first.line}: ${first.reason}`)}\n`);
  }
  if (flags.github && process.env.GITHUB_ACTIONS === "true") await reportToGithub(redactForDisplay(report, display), settings.failOn, process.env, display.ids === "full");
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

function render(full: Report, format: Format, flags: AnalyzeFlags, failOn: FailLevel, levels: RuleLevels): string {
  const display = parseDisplayRedaction(flags);
  const fullIds = display.ids === "full";
  // JSON, JUnit and SARIF are the machine formats: whole ids and addresses, for exact matching.
  const report = format === "json" || format === "junit" || format === "sarif" ? full : redactForDisplay(full, display);
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report, { fullIds, charts: flags.charts !== false });
    case "html":
      return renderHtml(report, { fullIds });
    case "junit":
      return renderJunit(report, { rules: describeRules(levels), failOn });
    case "sarif":
      return renderSarif(report, { rules: describeRules(levels), workspace: process.env.GITHUB_WORKSPACE || process.cwd() });
    case "table":
      return renderTable(report, {
        color: !flags.output && shouldUseColor(process.env, process.stdout.isTTY === true),
        fullIds,
        width: process.stdout.columns ?? 100,
        charts: flags.charts !== false,
      });
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

function fail(message: string): number {
  // Messages quote file names and log text: never let their escape sequences reach the terminal.
  process.stderr.write(`mcp-forensics: ${displayText(redactSecrets(message))}\n`);
  return EXIT_USAGE;
}

/** The size from which a file is read on a thread of its own; the variable exists for tests and measurements. */
function readingThreadMinBytes(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 0) throw new UsageError(`MCP_FORENSICS_READING_THREAD_MIN_BYTES must be a byte count, got ${JSON.stringify(value)}`);
  return bytes;
}

async function main(argv: string[]): Promise<void> {
  // `… | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT_OK);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander exits 1 on usage errors; ESLint's convention (and ours) is 2.
      process.exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    } else if (error instanceof UsageError || error instanceof StrictInputError || error instanceof HeapLimitError || error instanceof ReadingThreadOutOfMemoryError) {
      process.exitCode = fail(error.message);
    } else {
      process.exitCode = fail(`internal error: ${(error as Error).message} (please report this with the log line that caused it)`);
    }
  }
}

await main(process.argv);
