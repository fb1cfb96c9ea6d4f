import { z } from "zod";
import { REPORT_SCHEMA_VERSION, ReportSchema } from "../src/report.js";

/**
 * The JSON Schema of `--format json`, derived from ReportSchema so the published contract cannot
 * drift from the type the renderers use. "output": the shape the tool writes, not what it accepts.
 */
export function buildReportJsonSchema(): string {
  const schema = z.toJSONSchema(ReportSchema, { target: "draft-2020-12", io: "output" });
  const published = {
    ...schema,
    title: "mcp-forensics report (--format json)",
    description: `schemaVersion ${REPORT_SCHEMA_VERSION}; generated from src/report.ts by npm run schema, do not edit by hand`,
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
