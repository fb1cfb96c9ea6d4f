import type { Client, Reinitialization, ReinitializeKind, RequestRecord, Session } from "./model.js";
import { groupByOwner } from "./client-index.js";
import { sortBySeq } from "./sort-by-seq.js";

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

/**
 * A request sent without a session id that was or may turn out to be an initialize (its response
 * can show it was one), noted by the fold with the time of its client's previous request.
 */
export interface InitializeCandidate {
  readonly request: RequestRecord;
  readonly previousAt: number | null;
}

export interface Classification {
  readonly reinitializations: Reinitialization[];
  /** Sessions that were alive when their client lost them: started over without DELETE. */
  readonly abandonedSessions: Session[];
}

/**
 * Decides, for every initialize sent without a session id, whether it was a session loss:
 * the client still had a session alive on the server (not deleted, closed, wiped by a
 * restart or answered 404). A new initialize after any of those is what the spec asks for
 * (MCP 2025-06-18, Transports › Session Management, items 3–4).
 *
 * One walk per client with the set of its live sessions, so a client that never deletes
 * its thousands of sessions costs time in proportion to them, not to their square. The walk
 * stops only at the client's candidates (`candidates`, by client key): the set it holds at one
 * is the same whether or not it stopped at the requests between, and a busy log has some six
 * requests for each candidate.
 */
export function classifyReinitializations(clients: readonly Client[], sessions: readonly Session[], candidates: ReadonlyMap<string, readonly InitializeCandidate[]>): Classification {
  const owned = groupByOwner(sessions);
  const reinitializations: Reinitialization[] = [];
  const abandonedSessions: Session[] = [];
  for (const client of clients) {
    const mine = owned.get(client.key) ?? [];
    const byStart = sortBySeq(mine, (s) => s.startSeq);
    const byEnd = sortBySeq(mine.filter((s) => s.end !== null), (s) => s.end!.seq);
    const alive = new AliveSessions();
    const notYetAbandoned = new Set<Session>();
    let started = 0;
    let ended = 0;
    let lastEnded: Session | null = null;
    const sent = candidates.get(client.key) ?? [];
    for (let i = 0; i < sent.length; i++) {
      const { request, previousAt } = sent[i]!;
      if (request.isInitialize !== true) continue;
      while (started < byStart.length && byStart[started]!.startSeq < request.seq) {
        const session = byStart[started++]!;
        if (session.end === null || session.end.seq > request.seq) {
          alive.add(session.id);
          notYetAbandoned.add(session);
        }
      }
      while (ended < byEnd.length && byEnd[ended]!.end!.seq <= request.seq) {
        const session = byEnd[ended++]!;
        alive.delete(session.id);
        notYetAbandoned.delete(session);
        lastEnded = session;
      }
      const idleGapMs = previousAt === null ? null : request.at - previousAt;
      if (alive.size > 0) {
        reinitializations.push({ request, kind: "loss", aliveSessions: alive.newest(MAX_ALIVE_LISTED), aliveCount: alive.size, idleGapMs });
        // A loop, not push(...set): a client may have abandoned more sessions than a call takes arguments.
        for (const session of notYetAbandoned) abandonedSessions.push(session);
        notYetAbandoned.clear();
      } else {
        reinitializations.push({ request, kind: kindAfterEnd(lastEnded), aliveSessions: [], aliveCount: 0, idleGapMs });
      }
    }
  }
  return { reinitializations: sortBySeq(reinitializations, (r) => r.request.seq), abandonedSessions };
}

/**
 * A client's sessions alive at the request being classified, in the order they started. A client
 * that never deletes can have thousands alive, and each loss names the newest few: they are read
 * from the end of the start order, skipping the ended ones, instead of walking every live one.
 */
class AliveSessions {
  private readonly live = new Set<string>();
  /** Start order; ended ids stay until a compaction drops them. */
  private order: string[] = [];

  get size(): number {
    return this.live.size;
  }

  add(id: string) {
    this.live.add(id);
    this.order.push(id);
  }

  delete(id: string) {
    this.live.delete(id);
    if (this.order.length > 64 && this.order.length > 2 * this.live.size) this.order = this.order.filter((kept) => this.live.has(kept));
  }

  /** The newest `count` live sessions, oldest first. */
  newest(count: number): string[] {
    const found: string[] = [];
    for (let i = this.order.length - 1; i >= 0 && found.length < count; i--) if (this.live.has(this.order[i]!)) found.push(this.order[i]!);
    return found.reverse();
  }
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
