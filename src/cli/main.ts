import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { Command, CommanderError, Option } from "commander";
import { analyzeLog } from "../analyze.js";
import { StrictInputError } from "../input/read-events.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { displayText } from "../render/escape.js";
import { renderTable } from "../render/table.js";
import type { Report } from "../report.js";
import { shouldUseColor } from "./color.js";
import { describeUnreadable } from "./read-input-error.js";
import { FAIL_LEVELS, FORMATS, isAtOrAbove, parseChoice, parseDuration, parseTime, UsageError, type Format } from "./parse-options.js";

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

const version = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

interface AnalyzeFlags {
  format?: string;
  output?: string;
  batchGap: string;
  from?: string;
  to?: string;
  client?: string;
  session?: string;
  failOn: string;
  strict?: boolean;
  fullIds?: boolean;
}

function buildProgram(): Command {
  const program = new Command("mcp-forensics")
    .description("Turn an MCP server's logs into forensic evidence of client session bugs")
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command("analyze")
    .description("analyze a JSONL log of the server's session events")
    .argument("<file>", "log file (JSONL, one event per line)")
    .addOption(new Option("-f, --format <format>", "table | markdown | json (default: table on a terminal, markdown otherwise)"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--batch-gap <duration>", "longest pause inside one batch of a client's requests", "2s")
    .option("--from <time>", "ignore events before this ISO-8601 time")
    .option("--to <time>", "ignore events after this ISO-8601 time")
    .option("--client <text>", "only clients whose user agent contains this text")
    .option("--session <id>", "only sessions whose id starts with this")
    .option("--fail-on <level>", "exit 1 when a finding is at or above: error | warning | info | never", "error")
    .option("--strict", "treat the first malformed line as a fatal error (exit 2)")
    .option("--full-ids", "print whole session ids instead of their first 8 characters")
    .action(async (file: string, flags: AnalyzeFlags) => {
      process.exitCode = await runAnalyze(file, flags);
    });
  return program;
}

async function runAnalyze(file: string, flags: AnalyzeFlags): Promise<number> {
  const format: Format = flags.format ? parseChoice(flags.format, FORMATS, "--format") : process.stdout.isTTY && !flags.output ? "table" : "markdown";
  const failOn = parseChoice(flags.failOn, FAIL_LEVELS, "--fail-on");
  const options = {
    batchGapMs: parseDuration(flags.batchGap, "--batch-gap"),
    from: parseTime(flags.from, "--from"),
    to: parseTime(flags.to, "--to"),
    client: flags.client ?? null,
    session: flags.session ?? null,
    strict: flags.strict === true,
    toolVersion: version,
  };
  const unreadable = await describeUnreadable(file);
  if (unreadable) return fail(unreadable);
  const report = await analyzeLog(file, options);
  const text = render(report, format, flags);
  if (flags.output) await writeFile(flags.output, text);
  else process.stdout.write(text);
  if (report.input.skippedCount > 0) {
    const first = report.input.skipped[0]!;
    process.stderr.write(`mcp-forensics: skipped ${report.input.skippedCount} malformed line(s); first: ${displayText(`${first.file}:${first.line}: ${first.reason}`)}\n`);
  }
  return report.findings.some((f) => isAtOrAbove(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

function render(report: Report, format: Format, flags: AnalyzeFlags): string {
  const fullIds = flags.fullIds === true;
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report, { fullIds });
    case "table":
      return renderTable(report, {
        color: !flags.output && shouldUseColor(process.env, process.stdout.isTTY === true),
        fullIds,
        width: process.stdout.columns ?? 100,
      });
  }
}

function fail(message: string): number {
  // Messages quote file names and log text: never let their escape sequences reach the terminal.
  process.stderr.write(`mcp-forensics: ${displayText(message)}\n`);
  return EXIT_USAGE;
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
    } else if (error instanceof UsageError || error instanceof StrictInputError) {
      process.exitCode = fail(error.message);
    } else {
      process.exitCode = fail(`internal error: ${(error as Error).message} (please report this with the log line that caused it)`);
    }
  }
}

await main(process.argv);
