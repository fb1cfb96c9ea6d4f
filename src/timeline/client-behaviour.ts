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

/** A rule (session-churn) and the report's clients table both ask for every client. */
const cache = new WeakMap<Timeline, Map<Client, ClientBehaviour>>();

/**
 * persists: never lost a session. intermittent: lost some, but also reused a session in a later
 * batch, so it can persist one. new-session-every-batch: lost sessions and never reused one.
 */
export function describeClientBehaviour(client: Client, timeline: Timeline): ClientBehaviour {
  let behaviours = cache.get(timeline);
  if (!behaviours) cache.set(timeline, (behaviours = new Map()));
  let behaviour = behaviours.get(client);
  if (!behaviour) behaviours.set(client, (behaviour = describe(client, timeline)));
  return behaviour;
}

function describe(client: Client, timeline: Timeline): ClientBehaviour {
  const index = indexByClient(timeline);
  const sessions = index.sessions.get(client.key) ?? [];
  const losses = index.losses.get(client.key) ?? [];
  let reused = 0;
  for (let i = 0; i < sessions.length; i++) if (isReusedAcrossBatches(sessions[i]!)) reused++;
  let initializes = 0;
  let deletes = 0;
  for (let i = 0; i < client.requests.length; i++) {
    const r = client.requests[i]!;
    if (r.isInitialize === true) initializes++;
    if (r.httpMethod === "DELETE") deletes++;
  }
  const verdict: ClientVerdict = losses.length === 0 ? "persists" : reused > 0 ? "intermittent" : "new-session-every-batch";
  return {
    client,
    sessions,
    initializes,
    deletes,
    losses,
    churnRatio: client.batches.length === 0 ? 0 : losses.length / client.batches.length,
    sessionsReusedAcrossBatches: reused,
    verdict,
  };
}
