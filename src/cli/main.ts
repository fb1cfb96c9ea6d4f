import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import type { AnalyzeFlags } from "./analyze-command.js";
import { EXIT_OK, EXIT_USAGE, fail } from "./fail.js";
import { registerRecordCommand } from "./record-command.js";
import { UsageError } from "./parse-options.js";
import { sizeYoungGenerations } from "../young-generation.js";

const version = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

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
      sizeYoungGenerations();
      // Loaded for this command only: `--version`, `--help` and `record` need none of the analysis.
      const { runAnalyze } = await import("./analyze-command.js");
      process.exitCode = await runAnalyze(files, flags, version);
    });
  registerRecordCommand(program);
  return program;
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
    } else if (error instanceof UsageError) {
      process.exitCode = fail(error.message);
    } else {
      process.exitCode = fail(`internal error: ${(error as Error).message} (please report this with the log line that caused it)`);
    }
  }
}

await main(process.argv);
