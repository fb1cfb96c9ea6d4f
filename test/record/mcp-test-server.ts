import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type RequestHandler } from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** How long the tool holds its response open after its notifications: streaming must show. */
export const TOOL_DELAY_MS = 300;

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** One tool that reports progress and logs a message, then answers TOOL_DELAY_MS later. */
function buildMcpServer(): McpServer {
  const server = new McpServer({ name: "record-e2e", version: "1.0.0" }, { capabilities: { logging: {} } });
  server.registerTool("count", { description: "counts to n, slowly", inputSchema: { n: z.number() } }, async ({ n }, extra) => {
    const token = extra._meta?.progressToken;
    if (token !== undefined) await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: 1, total: 2 } });
    await extra.sendNotification({ method: "notifications/message", params: { level: "info", data: `counting to ${n}` } });
    await new Promise((resolve) => setTimeout(resolve, TOOL_DELAY_MS));
    return { content: [{ type: "text", text: `counted to ${n}` }] };
  });
  return server;
}

/** The SDK's documented stateful pattern: one transport per session id. */
function createSessionRouter(): { handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>; closeAll(): Promise<void> } {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  return {
    async handle(req, res, body) {
      const sessionId = req.headers["mcp-session-id"] as string | undefined;
      let transport = sessionId ? transports.get(sessionId) : undefined;
      if (!transport && !sessionId && req.method === "POST" && isInitializeRequest(body)) {
        const created = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => void transports.set(id, created) });
        created.onclose = () => void (created.sessionId && transports.delete(created.sessionId));
        await buildMcpServer().connect(created);
        transport = created;
      }
      if (!transport) {
        res.writeHead(sessionId ? 404 : 400, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "no valid session" }, id: null }));
        return;
      }
      await transport.handleRequest(req, res, body);
    },
    async closeAll() {
      await Promise.all([...transports.values()].map((t) => t.close()));
    },
  };
}

/** The SDK server in Express (as its README shows), with optional middleware before the routes. */
export async function startExpressMcpServer(before?: RequestHandler): Promise<RunningServer> {
  const router = createSessionRouter();
  const app = express();
  if (before) app.use(before);
  app.use(express.json());
  app.all("/mcp", (req, res) => router.handle(req, res, req.body));
  return listen(http.createServer(app), router.closeAll);
}

/** The SDK server on a bare node:http handler that reads the body itself. */
export async function startNodeMcpServer(wrap: (handler: (req: IncomingMessage, res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => void): Promise<RunningServer> {
  const router = createSessionRouter();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString();
      await router.handle(req, res, text ? JSON.parse(text) : undefined);
    })();
  };
  return listen(http.createServer(wrap(handler)), router.closeAll);
}

export async function listen(server: http.Server, beforeClose: () => Promise<void> = async () => {}): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await beforeClose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
