import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { at } from "../support/log-lines.js";
import { runCli } from "../support/run-cli.js";

test("an answer logged more than two walk lags after its request is named in the limitations, not silently missed", async () => {
  // An initialize answered 140,000 events later: the walk feed released the request long before.
  const between = 140_000;
  const closure = (i: number) => `{"event":"client_disconnected","timestamp":"${at(1 + i / 1000)}","session_id":null,"elapsed_ms":5}`;
  const lines = [
    `{"event":"mcp_request_headers","timestamp":"${at(0.5)}","request_id":"slow","method":"POST","mcp_session_id":null,"is_initialize":true,"rpc_method":"initialize","user_agent":"late/1.0"}`,
    ...Array.from({ length: between }, (_, i) => closure(i)),
    `{"event":"mcp_response_headers","timestamp":"${at(1 + between / 1000)}","request_id":"slow","mcp_session_id":"s-late","status":200}`,
  ];
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-late-")), "late.jsonl");
  await writeFile(log, lines.join("\n") + "\n");
  const result = await runCli(["analyze", log, "--format", "json", "--fail-on", "never"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  const late = report.limitations.filter((l: { check: string }) => l.check === "late lines");
  assert.equal(late.length, 1, JSON.stringify(report.limitations));
  assert.match(late[0].reason, /^1 response\(s\) or restart\(s\) were logged more than 131,072 events after/);

  // The same answer logged right after its request is no limitation.
  const answer = `{"event":"mcp_response_headers","timestamp":"${at(0.6)}","request_id":"slow","mcp_session_id":"s-late","status":200}`;
  const near = join(await mkdtemp(join(tmpdir(), "mcp-forensics-late-")), "near.jsonl");
  await writeFile(near, [lines[0], answer, ...lines.slice(1, -1)].join("\n") + "\n");
  const nearReport = JSON.parse((await runCli(["analyze", near, "--format", "json", "--fail-on", "never"])).stdout);
  assert.deepEqual(nearReport.limitations.filter((l: { check: string }) => l.check === "late lines"), []);
});
