import type { Client, Reinitialization, ReinitializeKind, Session } from "./model.js";

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

export interface Classification {
  readonly reinitializations: Reinitialization[];
  /** Sessions that were alive when their client lost them: started over without DELETE. */
  readonly abandonedSessions: string[];
}

/**
 * Decides, for every initialize sent without a session id, whether it was a session loss:
 * the client still had a session alive on the server (not deleted, closed, wiped by a
 * restart or answered 404). A new initialize after any of those is what the spec asks for
 * (MCP 2025-06-18, Transports › Session Management, items 3–4).
 *
 * One walk per client with the set of its live sessions, so a client that never deletes
 * its thousands of sessions costs time in proportion to them, not to their square.
 */
export function classifyReinitializations(clients: readonly Client[], sessions: readonly Session[]): Classification {
  const owned = groupByOwner(sessions);
  const reinitializations: Reinitialization[] = [];
  const abandonedSessions: string[] = [];
  for (const client of clients) {
    const mine = owned.get(client.key) ?? [];
    const byStart = [...mine].sort((a, b) => a.startSeq - b.startSeq);
    const byEnd = mine.filter((s) => s.end !== null).sort((a, b) => a.end!.seq - b.end!.seq);
    const alive = new Map<string, Session>();
    const notYetAbandoned = new Set<string>();
    let started = 0;
    let ended = 0;
    let lastEnded: Session | null = null;
    let previousAt: number | null = null;
    for (const request of client.requests) {
      while (started < byStart.length && byStart[started]!.startSeq < request.seq) {
        const session = byStart[started++]!;
        if (session.end === null || session.end.seq > request.seq) {
          alive.set(session.id, session);
          notYetAbandoned.add(session.id);
        }
      }
      while (ended < byEnd.length && byEnd[ended]!.end!.seq <= request.seq) {
        const session = byEnd[ended++]!;
        alive.delete(session.id);
        notYetAbandoned.delete(session.id);
        lastEnded = session;
      }
      if (request.isInitialize === true && request.sessionId === null) {
        const idleGapMs = previousAt === null ? null : request.at - previousAt;
        if (alive.size > 0) {
          const newest = [...takeLast(alive.keys(), alive.size, MAX_ALIVE_LISTED)];
          reinitializations.push({ request, kind: "loss", aliveSessions: newest, aliveCount: alive.size, idleGapMs });
          abandonedSessions.push(...notYetAbandoned);
          notYetAbandoned.clear();
        } else {
          reinitializations.push({ request, kind: kindAfterEnd(lastEnded), aliveSessions: [], aliveCount: 0, idleGapMs });
        }
      }
      previousAt = request.at;
    }
  }
  reinitializations.sort((a, b) => a.request.seq - b.request.seq);
  return { reinitializations, abandonedSessions };
}

function groupByOwner(sessions: readonly Session[]): Map<string, Session[]> {
  const owned = new Map<string, Session[]>();
  for (const session of sessions) {
    if (session.owner === null) continue;
    const list = owned.get(session.owner);
    if (list) list.push(session);
    else owned.set(session.owner, [session]);
  }
  return owned;
}

function* takeLast<T>(items: Iterable<T>, size: number, count: number): Generator<T> {
  let index = 0;
  for (const item of items) if (index++ >= size - count) yield item;
}

function kindAfterEnd(lastEnded: Session | null): ReinitializeKind {
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
