import type { ClientVerdict } from "../report.js";
import type { Client, Reinitialization, Session, Timeline } from "./model.js";
import { indexByClient } from "./client-index.js";
import { isReusedAcrossBatches } from "./session-usage.js";

export interface ClientBehaviour {
  readonly client: Client;
  readonly sessions: readonly Session[];
  readonly initializes: number;
  readonly deletes: number;
  readonly losses: readonly Reinitialization[];
  readonly churnRatio: number;
  readonly sessionsReusedAcrossBatches: number;
  readonly verdict: ClientVerdict;
}

/**
 * persists: never lost a session. intermittent: lost some, but also reused a session in a later
 * batch, so it can persist one. new-session-every-batch: lost sessions and never reused one.
 */
export function describeClientBehaviour(client: Client, timeline: Timeline): ClientBehaviour {
  const index = indexByClient(timeline);
  const sessions = index.sessions.get(client.key) ?? [];
  const losses = index.losses.get(client.key) ?? [];
  const reused = sessions.filter(isReusedAcrossBatches).length;
  const verdict: ClientVerdict = losses.length === 0 ? "persists" : reused > 0 ? "intermittent" : "new-session-every-batch";
  return {
    client,
    sessions,
    initializes: client.requests.filter((r) => r.isInitialize === true).length,
    deletes: client.requests.filter((r) => r.httpMethod === "DELETE").length,
    losses,
    churnRatio: client.batches.length === 0 ? 0 : losses.length / client.batches.length,
    sessionsReusedAcrossBatches: reused,
    verdict,
  };
}
