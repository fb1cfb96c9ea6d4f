import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../src/report.js";
import { renderJson } from "../../src/render/json.js";

test("renderJson escapes what JSON.stringify leaves raw for a terminal, and leaves a clean report as it is", () => {
  const hostile = { tool: { name: "evil\u009b31m\u202e\u2028", version: "1" } } as unknown as Report;
  const text = renderJson(hostile);
  assert.ok(text.includes("evil\\u009b31m\\u202e\\u2028"));
  assert.ok(!/[\u009b\u202e\u2028]/.test(text));
  assert.deepEqual(JSON.parse(text), hostile);
  const clean = { tool: { name: "mcp-forensics", version: "1" } } as unknown as Report;
  assert.equal(renderJson(clean), `${JSON.stringify(clean, null, 2)}\n`);
});
