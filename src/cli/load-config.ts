import { readFile } from "node:fs/promises";
import type { Config } from "../config.js";
import { UsageError } from "./parse-options.js";

export const DEFAULT_CONFIG_FILE = "mcp-forensics.config.json";

/**
 * The config named by --config (which must exist), else `mcp-forensics.config.json` in the
 * working directory when there is one, else no settings. A bad file is a usage error (exit 2).
 */
export async function loadConfig(explicitPath: string | undefined, ruleIds: readonly string[]): Promise<Config> {
  const path = explicitPath ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicitPath === undefined && code === "ENOENT") return {};
    throw new UsageError(`config ${path}: cannot read (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? (error as Error).message)})`);
  }
  // The config's schema (zod, some 45 ms to load) only for a run that has a config file.
  const { parseConfig } = await import("../config.js");
  const parsed = parseConfig(text, ruleIds);
  if (!parsed.ok) throw new UsageError(`config ${path}: ${parsed.reason}`);
  return parsed.config;
}
