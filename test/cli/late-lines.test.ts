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
  assert.match(late[0].reason, /^1 line\(s\) were logged more than 131,072 events after the request, sample or initialize they concern \(a response, /);

  // The same answer logged right after its request is no limitation.
  const answer = `{"event":"mcp_response_headers","timestamp":"${at(0.6)}","request_id":"slow","mcp_session_id":"s-late","status":200}`;
  const near = join(await mkdtemp(join(tmpdir(), "mcp-forensics-late-")), "near.jsonl");
  await writeFile(near, [lines[0], answer, ...lines.slice(1, -1)].join("\n") + "\n");
  const nearReport = JSON.parse((await runCli(["analyze", near, "--format", "json", "--fail-on", "never"])).stdout);
  assert.deepEqual(nearReport.limitations.filter((l: { check: string }) => l.check === "late lines"), []);
});

test("a session_created line logged long after the initialize it claims is named in the limitations, and the loss it would show is not claimed", async () => {
  // a's first initialize is never answered; C's creation line, 200,000 events later, claims it:
  // C was then alive when a initialized again (A2), which the whole log shows as a loss. The
  // classification, three walk lags behind the reading, had called A2 a first initialize.
  const between = 200_000;
  const closure = (i: number) => `{"event":"client_disconnected","timestamp":"${at(2 + i / 1000)}","session_id":null,"elapsed_ms":5}`;
  const lines = [
    `{"event":"mcp_request_headers","timestamp":"${at(0.5)}","request_id":"x","method":"POST","mcp_session_id":null,"is_initialize":true,"rpc_method":"initialize","user_agent":"a/1.0"}`,
    `{"event":"mcp_request_headers","timestamp":"${at(1)}","request_id":"y","method":"POST","mcp_session_id":null,"is_initialize":true,"rpc_method":"initialize","user_agent":"a/1.0"}`,
    `{"event":"mcp_response_headers","timestamp":"${at(1.1)}","request_id":"y","mcp_session_id":"A2","status":200}`,
    ...Array.from({ length: between }, (_, i) => closure(i)),
    `{"event":"session_created","timestamp":"${at(3 + between / 1000)}","session_id":"C"}`,
  ];
  const log = join(await mkdtemp(join(tmpdir(), "mcp-forensics-late-")), "claim.jsonl");
  await writeFile(log, lines.join("\n") + "\n");
  const report = JSON.parse((await runCli(["analyze", log, "--format", "json", "--fail-on", "never"])).stdout);
  const late = report.limitations.filter((l: { check: string }) => l.check === "late lines");
  assert.equal(late.length, 1, JSON.stringify(report.limitations));
  assert.match(late[0].reason, /^1 line\(s\) were logged more than 131,072 events after .* a session_created line .*which initializes were session losses/);
  assert.equal(report.summary.sessionLosses, 0);

  // Logged next to its initialize, the same line shows the loss, and no limitation.
  const near = join(await mkdtemp(join(tmpdir(), "mcp-forensics-late-")), "claim-near.jsonl");
  await writeFile(near, [lines[0], `{"event":"session_created","timestamp":"${at(0.6)}","session_id":"C"}`, ...lines.slice(1, -1)].join("\n") + "\n");
  const nearReport = JSON.parse((await runCli(["analyze", near, "--format", "json", "--fail-on", "never"])).stdout);
  assert.deepEqual(nearReport.limitations.filter((l: { check: string }) => l.check === "late lines"), []);
  assert.equal(nearReport.summary.sessionLosses, 1);
});
