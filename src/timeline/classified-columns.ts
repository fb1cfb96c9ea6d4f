import type { Client, Reinitialization, ReinitializeKind, RequestRecord } from "./model.js";
import { orderBySeq } from "./sort-by-seq.js";

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

const NO_NAMES: readonly string[] = [];

/**
 * The re-initializes as the walk classifies them, client by client, as columns; made into records
 * at the end, in log order. Made as classified, a client's records lay together and the log's
 * order jumped between them, while the rules and the report read them in log order (some six
 * passes): at 1 GiB (371,000 records) server-restart's pass took 70 ms, 3 now, and the narration
 * 826 → 564 ms (each the fastest of three runs on one timeline).
 */
export class ClassifiedColumns {
  /** The request: a client's position in the clients, and the request's in its requests. */
  private readonly client: number[] = [];
  private readonly position: number[] = [];
  /** The request's log position, for the sort: read from the request, it was a pointer per key. */
  private readonly seq: number[] = [];
  private readonly kind: ReinitializeKind[] = [];
  /** For a loss: how many sessions were alive, and a list of ids whose last ones before `end` name the newest. */
  private readonly aliveCount: number[] = [];
  private readonly names: (readonly string[])[] = [];
  private readonly end: number[] = [];

  /** The client started over with `aliveCount` sessions alive, named by the last of `names` before `end`. */
  addLoss(client: number, position: number, seq: number, aliveCount: number, names: readonly string[], end: number) {
    this.add(client, position, seq, "loss", aliveCount, names, end);
  }

  addInitialize(client: number, position: number, seq: number, kind: Exclude<ReinitializeKind, "loss">) {
    this.add(client, position, seq, kind, 0, NO_NAMES, 0);
  }

  private add(client: number, position: number, seq: number, kind: ReinitializeKind, aliveCount: number, names: readonly string[], end: number) {
    this.client.push(client);
    this.position.push(position);
    this.seq.push(seq);
    this.kind.push(kind);
    this.aliveCount.push(aliveCount);
    this.names.push(names);
    this.end.push(end);
  }

  /** The records, in log order; `clients` are those the client positions are of. */
  inLogOrder(clients: readonly Client[]): Reinitialization[] {
    const order = orderBySeq(this.seq.length, (i) => this.seq[i]!);
    const records = new Array<Reinitialization>(order.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const { requests } = clients[this.client[i]!]!;
      const position = this.position[i]!;
      const request = requests[position]!;
      const previous = position === 0 ? null : requests[position - 1]!;
      const kind = this.kind[i]!;
      records[k] = kind === "loss" ? new ClassifiedLoss(request, previous, this.aliveCount[i]!, this.names[i]!, this.end[i]!) : new ClassifiedInitialize(request, kind, previous);
    }
    return records;
  }
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
