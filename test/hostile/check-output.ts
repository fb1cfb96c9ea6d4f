import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { ReportSchema, type Report } from "../../src/report.js";
import { runCli, type CliResult } from "../support/run-cli.js";

// Any C0 control but tab and newline, DEL, and the C1 controls (U+009B is a one-byte CSI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// The only escape sequences the table may emit itself: SGR colours.
const SGR = /\u001b\[[0-9;]*m/g;
const STACK_FRAME = /\n\s+at /;

export interface EveryFormat {
  readonly json: CliResult;
  readonly report: Report;
  readonly markdown: CliResult;
  readonly table: CliResult;
}

/** Runs the real CLI on `path` in every format: json, markdown, and a coloured table. */
export async function analyzeEveryFormat(path: string, ...flags: string[]): Promise<EveryFormat> {
  const [json, markdown, table] = await Promise.all([
    runCli(["analyze", path, "--format", "json", ...flags]),
    runCli(["analyze", path, "--format", "markdown", ...flags]),
    runCli(["analyze", path, "--format", "table", ...flags], { FORCE_COLOR: "1" }),
  ]);
  return { json, report: ReportSchema.parse(JSON.parse(json.stdout)), markdown, table };
}

/**
 * What every run must show, whatever the log holds: the expected exit code, at most one line
 * of stderr with no stack trace, and no control character from the log in any output.
 */
export function assertSafeOutput(out: EveryFormat, code: number): void {
  for (const [format, result] of [["json", out.json], ["markdown", out.markdown], ["table", out.table]] as const) {
    assert.equal(result.code, code, `${format}: exit code (stderr: ${result.stderr})`);
    assert.ok(result.stderr === "" || /^[^\n]*\n$/.test(result.stderr), `${format}: one line of stderr, got ${JSON.stringify(result.stderr)}`);
    assert.doesNotMatch(result.stderr, STACK_FRAME, `${format}: no stack trace`);
    assert.doesNotMatch(result.stderr, CONTROL, `${format}: no raw control character on stderr`);
    const stdout = format === "table" ? result.stdout.replace(SGR, "") : result.stdout;
    assert.doesNotMatch(stdout, CONTROL, `${format}: no raw control character on stdout`);
  }
  assert.equal(out.json.stdout.length > 0 && out.markdown.stdout.length > 0 && out.table.stdout.length > 0, true);
}

/** Lines read = events + ignored + skipped, and lines read = the lines in the file. */
export async function assertCountsAddUp(path: string, report: Report): Promise<void> {
  const input = report.input;
  const ignored = Object.values(input.ignoredEvents).reduce((a, b) => a + b, 0);
  assert.equal(input.lines, input.events + ignored + input.skippedCount, "lines = events + ignored + skipped");
  assert.equal(input.lines, countLines(await readFile(path)), "every line of the file is accounted for");
}

/** Newline-terminated lines, plus a last line without one. */
export function countLines(bytes: Uint8Array): number {
  let lines = 0;
  for (const byte of bytes) if (byte === 0x0a) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? lines + 1 : lines;
}

/** The stderr summary names the file and the first skipped line, and gives its reason. */
export function assertStderrNames(result: CliResult, path: string, line: number, reason: RegExp): void {
  const prefix = `mcp-forensics: skipped `;
  assert.ok(result.stderr.startsWith(prefix), result.stderr);
  const marker = `; first: ${path}:${line}: `;
  const at = result.stderr.indexOf(marker);
  assert.ok(at > 0, `stderr names ${path}:${line}: ${result.stderr}`);
  assert.match(result.stderr.slice(at + marker.length, -1), reason);
}
