import { writeFile } from "node:fs/promises";
import { buildReportJsonSchema } from "./report-json-schema.js";

// Run by `npm run schema` after a change to src/report.ts; test/cli/report-schema.test.ts fails
// until the committed file matches.
const target = new URL("../../schema/report.schema.json", import.meta.url);
await writeFile(target, buildReportJsonSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
