import { appendFile } from "node:fs/promises";
import { capStepSummary, renderWorkflowCommands } from "../render/github-actions.js";
import { renderMarkdown } from "../render/markdown.js";
import type { Report } from "../report.js";
import type { FailLevel } from "./parse-options.js";

/**
 * Inside GitHub Actions: annotations for failing findings, and the markdown report on the run's
 * summary page. Commands go to stderr: the runner reads both streams, and stdout is the report.
 */
export async function reportToGithub(report: Report, failOn: FailLevel, env: NodeJS.ProcessEnv, fullIds: boolean): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  process.stderr.write(renderWorkflowCommands(report, { failOn, workspace }));
  const summaryPath = env.GITHUB_STEP_SUMMARY;
  if (!summaryPath) return;
  try {
    await appendFile(summaryPath, capStepSummary(renderMarkdown(report, { fullIds })));
  } catch (error) {
    // The summary is a courtesy: failing to write it must not change the gate's exit code.
    process.stderr.write(`mcp-forensics: could not append to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
  }
}
