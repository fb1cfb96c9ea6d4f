import type { RuleSettings } from "./analyzers/analyzer.js";
import type { RuleLevels } from "./analyzers/run-analyzers.js";
import type { AccessMapping } from "./input/access-format.js";
import type { InputFormat } from "./input/input-summary.js";
import type { InstanceSource } from "./input/instance-source.js";
import type { ReadEventsOptions } from "./input/read-events.js";
import { chooseThreadedFiles, READING_THREAD_MIN_BYTES, ReadingThread } from "./input/read-in-worker.js";
import type { Report } from "./report.js";

export interface AnalyzeOptions {
  readonly batchGapMs: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly client: string | null;
  readonly session: string | null;
  readonly strict: boolean;
  /** Longer lines are skipped unread (default 1 MiB). */
  readonly maxLineBytes?: number;
  /** `auto` (the default) decides per file from its first lines. */
  readonly inputFormat?: InputFormat | "auto";
  /** The MCP endpoint's path in logs of every request (pino); default `/mcp`. */
  readonly endpoint?: string;
  /** The fields of an access log (`--map`). */
  readonly accessMapping?: AccessMapping;
  /** `--instance-from`: label events with the server instance they came from. */
  readonly instanceFrom?: InstanceSource;
  /** Told how many bytes (all files together) were read so far, as stored and as log; for a progress bar. */
  readonly onProgress?: (storedBytes: number, logBytes: number) => void;
  /** Files at least this large (as stored) are read on a thread of their own; default READING_THREAD_MIN_BYTES. */
  readonly readingThreadMinBytes?: number;
  /** Receives input broken beyond a skipped line (a corrupt gzip stream); the CLI exits 2 on any. */
  readonly inputErrors?: string[];
  readonly toolVersion: string;
  /** Severity overrides by rule id; `off` drops the rule. */
  readonly rules: RuleLevels;
  /** The config file's thresholds; the rules' defaults when absent. */
  readonly thresholds?: RuleSettings;
  /**
   * Keep every re-initialize as the timeline's list, as the fold did while rules and the report read
   * it after the fold; by default only those `client`/`session` may keep are, none unfiltered
   * (TimelineOptions.reinitializationsFor): the tests compare the two.
   */
  readonly keepEveryReinitialization?: boolean;
}

/**
 * The whole pipeline: read → parse → timeline → analyzers and hypotheses → report (analyzeFiles).
 * The files read on threads of their own have them started first, and the pipeline's modules
 * loaded after: a thread spends some 0.1 s loading its modules and reading its first batch, as
 * long as this thread spends loading the analysis', and on two cores the two overlap.
 */
export async function analyzeLog(paths: string | readonly string[], options: AnalyzeOptions): Promise<Report> {
  const files = typeof paths === "string" ? [paths] : paths;
  let storedRead = 0;
  let logRead = 0;
  const onBytes = options.onProgress && ((stored: number, log: number) => options.onProgress!((storedRead += stored), (logRead += log)));
  const readOptions = (index: number): ReadEventsOptions => ({
    strict: options.strict,
    maxLineBytes: options.maxLineBytes,
    inputFormat: options.inputFormat,
    endpoint: options.endpoint,
    accessMapping: options.accessMapping,
    instanceFrom: options.instanceFrom,
    requestIdPrefix: files.length > 1 ? `${index}:` : undefined,
    onBytes,
  });
  const threaded = await chooseThreadedFiles(files, options.readingThreadMinBytes ?? READING_THREAD_MIN_BYTES);
  const threads = files.map((path, index) => (threaded.has(path) ? new ReadingThread(path, readOptions(index)) : null));
  const { analyzeFiles } = await import("./analyze-files.js");
  return analyzeFiles(files, threads, readOptions, options);
}
