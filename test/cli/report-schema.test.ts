import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { buildReportJsonSchema } from "../../scripts/report-json-schema.js";
import { fixture, ROOT, runCli } from "../support/run-cli.js";

const committed = () => readFile(`${ROOT}schema/report.schema.json`, "utf8");

test("schema/report.schema.json is what `npm run schema` generates from ReportSchema", async () => {
  assert.equal(await committed(), buildReportJsonSchema(), "run `npm run schema` and commit schema/report.schema.json");
});

test("real --format json output validates against the published schema", async () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(await committed()));
  for (const name of ["capture-2.jsonl", "restart.jsonl"]) {
    const result = await runCli(["analyze", fixture(name), "--format", "json", "--fail-on", "never"]);
    assert.equal(result.code, 0);
    assert.ok(validate(JSON.parse(result.stdout)), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  assert.ok(!validate({ schemaVersion: 2 }), "the schema is not vacuous");
});
