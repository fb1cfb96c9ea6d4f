import { z } from "zod";
import { RULE_LEVELS } from "./analyzers/run-analyzers.js";
import { describeZodError } from "./input/zod-issue.js";

/** The settings `mcp-forensics.config.json` may hold; command-line flags override each of them. */
export const ConfigSchema = z.strictObject({
  failOn: z.enum(["error", "warning", "info", "never"]).optional(),
  rules: z.record(z.string(), z.enum(RULE_LEVELS)).optional(),
  /** Same syntax as --batch-gap: `2s`, `500ms`, `1.5m`, or a number of seconds. */
  batchGap: z.union([z.string(), z.number().nonnegative()]).optional(),
  /** Limits below which a rule stays silent; defaults in DEFAULT_RULE_SETTINGS. */
  thresholds: z
    .strictObject({
      acceptedChurnRatio: z.number().min(0).max(1).optional(),
      maxOrphanedSessions: z.number().int().nonnegative().optional(),
      /** Same syntax as batchGap. */
      maxStreamLifetime: z.union([z.string(), z.number().nonnegative()]).optional(),
    })
    .optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export type ParsedConfig = { ok: true; config: Config } | { ok: false; reason: string };

/** Parses a config file's text; the reason of a failure is one line, naming the field at fault. */
export function parseConfig(text: string, ruleIds: readonly string[]): ParsedConfig {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, reason: `invalid JSON (${(error as Error).message})` };
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: describeZodError(parsed.error) };
  const unknown = Object.keys(parsed.data.rules ?? {}).filter((id) => !ruleIds.includes(id));
  if (unknown.length > 0) return { ok: false, reason: `field rules: unknown rule ${JSON.stringify(unknown[0])}; known rules: ${ruleIds.join(", ")}` };
  return { ok: true, config: parsed.data };
}
