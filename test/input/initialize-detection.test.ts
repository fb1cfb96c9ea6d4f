import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventsLine } from "../../src/input/events-format.js";

const requestLine = (fields: Record<string, unknown>) =>
  parseEventsLine(JSON.stringify({ event: "mcp_request_headers", timestamp: "2026-02-27T08:00:00Z", mcp_session_id: null, ...fields }), { file: "x", line: 1 });

const isInitialize = (fields: Record<string, unknown>) => {
  const result = requestLine(fields);
  assert.equal(result.type, "event");
  return result.type === "event" && result.event.kind === "request" ? result.event.isInitialize : "not a request";
};

test("initialize detection uses is_initialize, then rpc_method, then the HTTP method", () => {
  assert.equal(isInitialize({ is_initialize: true, rpc_method: "tools/call" }), true, "an explicit flag wins");
  assert.equal(isInitialize({ rpc_method: "initialize" }), true);
  assert.equal(isInitialize({ rpc_method: "tools/list" }), false);
  assert.equal(isInitialize({ method: "DELETE" }), false, "an initialize is always a POST");
  assert.equal(isInitialize({ method: "GET" }), false);
  assert.equal(isInitialize({ method: "POST" }), null, "a bare POST cannot be told apart");
});
