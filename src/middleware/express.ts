import type { ServerResponse } from "node:http";
import { createExchangeObserver, type McpForensicsLoggerOptions, type ObservedRequest } from "./observe-exchange.js";

export type { McpForensicsLoggerOptions, WritableLike } from "./observe-exchange.js";

/**
 * Express middleware writing the `mcp-forensics` events format:
 * `app.use(mcpForensicsLogger({ out: "capture.jsonl" }))` before the MCP routes.
 * Typed structurally so using it needs no `@types/express`.
 */
export function mcpForensicsLogger(options: McpForensicsLoggerOptions): (req: ObservedRequest, res: ServerResponse, next: () => void) => void {
  const observe = createExchangeObserver(options);
  return (req, res, next) => {
    observe(req, res);
    next();
  };
}
