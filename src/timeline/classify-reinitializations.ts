import type { Client, Reinitialization, ReinitializeKind, RequestRecord, Session } from "./model.js";

/**
 * Decides, for every initialize sent without a session id, whether it was a session loss:
 * the client still had a session alive on the server (not deleted, closed, wiped by a
 * restart or answered 404). A new initialize after any of those is what the spec asks for
 * (MCP 2025-06-18, Transports › Session Management, items 3–4).
 */
export function classifyReinitializations(clients: readonly Client[], sessions: readonly Session[]): Reinitialization[] {
  const sessionsByOwner = new Map<string, Session[]>();
  for (const session of sessions) {
    if (session.owner === null) continue;
    const owned = sessionsByOwner.get(session.owner);
    if (owned) owned.push(session);
    else sessionsByOwner.set(session.owner, [session]);
  }
  const result: Reinitialization[] = [];
  for (const client of clients) {
    const owned = sessionsByOwner.get(client.key) ?? [];
    let previous: RequestRecord | null = null;
    for (const request of client.requests) {
      if (request.isInitialize === true && request.sessionId === null) {
        result.push(classify(request, owned, previous));
      }
      previous = request;
    }
  }
  return result.sort((a, b) => a.request.seq - b.request.seq);
}

function classify(request: RequestRecord, owned: readonly Session[], previous: RequestRecord | null): Reinitialization {
  const earlier = owned.filter((s) => s.createdBy !== request && s.startSeq < request.seq);
  const alive = earlier.filter((s) => s.end === null || s.end.seq > request.seq);
  const idleGapMs = previous ? request.at - previous.at : null;
  if (alive.length > 0) return { request, kind: "loss", aliveSessions: alive.map((s) => s.id), idleGapMs };
  return { request, kind: kindAfterEnd(earlier), aliveSessions: [], idleGapMs };
}

function kindAfterEnd(earlier: readonly Session[]): ReinitializeKind {
  const lastEnded = earlier.reduce<Session | null>((latest, s) => (s.end && (!latest || s.end.seq > latest.end!.seq) ? s : latest), null);
  if (!lastEnded) return "first";
  switch (lastEnded.end!.kind) {
    case "restart":
      return "after-restart";
    case "not-found":
      return "after-not-found";
    default:
      return "after-end";
  }
}
