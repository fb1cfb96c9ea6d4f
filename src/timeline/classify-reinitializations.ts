import type { Client, Reinitialization, ReinitializeKind, RequestRecord, Session } from "./model.js";
import { groupByOwner } from "./client-index.js";
import { sortBySeq } from "./sort-by-seq.js";

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

/**
 * The requests that were or may turn out to be initializes sent without a session id (a response
 * can show one was), noted by the fold as positions in their client's request list: the request
 * before each gives the idle gap. Numbers, not an object per request, so the fold keeps none.
 */
export type InitializeCandidates = ReadonlyMap<string, readonly number[]>;

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
export function classifyReinitializations(clients: readonly Client[], sessions: readonly Session[], candidates: InitializeCandidates): Classification {
  const owned = groupByOwner(sessions);
  const reinitializations: Reinitialization[] = [];
  const abandonedSessions: Session[] = [];
  for (const client of clients) {
    const sent = candidates.get(client.key);
    if (sent === undefined || sent.length === 0) continue;
    const mine = owned.get(client.key) ?? [];
    // A session's end is a new record at each ask: read once, a number per session.
    const endSeqs = new Float64Array(mine.length);
    const positions: number[] = [];
    const endedPositions: number[] = [];
    for (let k = 0; k < mine.length; k++) {
      const end = mine[k]!.end;
      endSeqs[k] = end === null ? Infinity : end.seq;
      positions.push(k);
      if (end !== null) endedPositions.push(k);
    }
    const byStart = sortBySeq(positions, (k) => mine[k]!.startSeq);
    const byEnd = sortBySeq(endedPositions, (k) => endSeqs[k]!);
    const alive = new AliveSessions();
    const notYetAbandoned = new Set<Session>();
    let started = 0;
    let ended = 0;
    let lastEnded: Session | null = null;
    const { requests } = client;
    for (let i = 0; i < sent.length; i++) {
      const position = sent[i]!;
      const request = requests[position]!;
      if (request.isInitialize !== true) continue;
      const seq = request.seq;
      while (started < byStart.length && mine[byStart[started]!]!.startSeq < seq) {
        const k = byStart[started++]!;
        if (endSeqs[k]! > seq) {
          alive.add(mine[k]!.id);
          notYetAbandoned.add(mine[k]!);
        }
      }
      while (ended < byEnd.length && endSeqs[byEnd[ended]!]! <= seq) {
        const session = mine[byEnd[ended++]!]!;
        alive.delete(session.id);
        notYetAbandoned.delete(session);
        lastEnded = session;
      }
      const previous = position === 0 ? null : requests[position - 1]!;
      if (alive.size > 0) {
        reinitializations.push(alive.lossAt(request, previous));
        // A loop, not push(...set): a client may have abandoned more sessions than a call takes arguments.
        for (const session of notYetAbandoned) abandonedSessions.push(session);
        notYetAbandoned.clear();
      } else {
        reinitializations.push(new ClassifiedInitialize(request, kindAfterEnd(lastEnded), previous));
      }
    }
  }
  return { reinitializations: sortBySeq(reinitializations, (r) => r.request.seq), abandonedSessions };
}

/**
 * A re-initialize as classified that was no loss. Its idle gap is read from the client's request
 * before it, kept instead of the gap: the gap, a double, took an object of its own (0.4 MB of the
 * 100 MiB bench log's timeline).
 */
class ClassifiedInitialize implements Reinitialization {
  constructor(
    readonly request: RequestRecord,
    readonly kind: ReinitializeKind,
    /** The client's request before, or null for its first. */
    private readonly previous: RequestRecord | null,
  ) {}

  get idleGapMs(): number | null {
    return idleGap(this.request, this.previous);
  }

  get aliveCount(): number {
    return 0;
  }

  get aliveSessions(): string[] {
    return [];
  }
}

/**
 * A loss. It names the newest of its client's live sessions, and a client's consecutive losses
 * mostly name the same ones: a list per loss was the largest part of the timeline's pointer
 * arrays (8.2 of 17.6 MB on the 100 MiB bench log). A loss keeps instead where its names end in
 * a list of ids it may share with the client's other losses (see AliveSessions), and makes its
 * list when asked.
 */
class ClassifiedLoss implements Reinitialization {
  constructor(
    readonly request: RequestRecord,
    private readonly previous: RequestRecord | null,
    readonly aliveCount: number,
    /** The names are the last min(aliveCount, MAX_ALIVE_LISTED) before `end`. */
    private readonly ids: readonly string[],
    private readonly end: number,
  ) {}

  get kind(): ReinitializeKind {
    return "loss";
  }

  get idleGapMs(): number | null {
    return idleGap(this.request, this.previous);
  }

  get aliveSessions(): string[] {
    return this.ids.slice(this.end - Math.min(this.aliveCount, MAX_ALIVE_LISTED), this.end);
  }
}

/** Time since the client's previous request, or null for its first. */
function idleGap(request: RequestRecord, previous: RequestRecord | null): number | null {
  return previous === null ? null : request.at - previous.at;
}

/**
 * A client's sessions alive at the request being classified, in the order they started. A client
 * that never deletes can have thousands alive, and each loss names the newest few: they are read
 * from the end of the start order, skipping the ended ones, instead of walking every live one.
 */
class AliveSessions {
  private readonly live = new Set<string>();
  /**
   * Start order; ended ids stay until a compaction drops them. Only ever appended to: a
   * compaction makes a new list, and the losses keep the ids they name in the old one.
   */
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

  /**
   * A loss naming the newest MAX_ALIVE_LISTED live sessions, oldest first: a window of the start
   * order when no ended id lies among them, else a list of its own (7% of the bench log's losses).
   */
  lossAt(request: RequestRecord, previous: RequestRecord | null): Reinitialization {
    const count = Math.min(this.live.size, MAX_ALIVE_LISTED);
    let end = this.order.length;
    while (!this.live.has(this.order[end - 1]!)) end--;
    let found = 0;
    let i = end;
    while (found < count && this.live.has(this.order[i - 1]!)) {
      i--;
      found++;
    }
    if (found === count) return new ClassifiedLoss(request, previous, this.live.size, this.order, end);
    const newest: string[] = [];
    for (let i = this.order.length - 1; i >= 0 && newest.length < count; i--) if (this.live.has(this.order[i]!)) newest.push(this.order[i]!);
    return new ClassifiedLoss(request, previous, this.live.size, newest.reverse(), count);
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
