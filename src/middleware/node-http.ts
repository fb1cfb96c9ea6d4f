import type { ServerResponse } from "node:http";
import { createExchangeObserver, type McpForensicsLoggerOptions, type ObservedRequest } from "./observe-exchange.js";

export type { McpForensicsLoggerOptions, WritableLike } from "./observe-exchange.js";

/**
 * Wraps a plain `node:http` request handler so every exchange is logged in the `mcp-forensics`
 * events format: `http.createServer(withMcpForensicsLogger(handler, { out: "capture.jsonl" }))`.
 */
export function withMcpForensicsLogger<R>(
  handler: (req: ObservedRequest, res: ServerResponse) => R,
  options: McpForensicsLoggerOptions,
): (req: ObservedRequest, res: ServerResponse) => R {
  const observe = createExchangeObserver(options);
  return (req, res) => {
    observe(req, res);
    return handler(req, res);
  };
}
