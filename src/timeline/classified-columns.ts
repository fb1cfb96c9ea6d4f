import type { Reinitialization, ReinitializeKind } from "./model.js";
import type { LoggedRequest, RequestTable } from "./records.js";
import { orderByRow } from "./sort-by-seq.js";

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

const NO_NAMES: readonly string[] = [];
const KINDS: readonly ReinitializeKind[] = ["loss", "first", "after-restart", "after-not-found", "after-end"];

/**
 * The re-initializes as the walk classifies them, client by client, as columns; made into records
 * at the end, in log order. Made as classified, a client's records lay together and the log's
 * order jumped between them, while the rules and the report read them in log order (some six
 * passes): at 1 GiB (371,000 records) server-restart's pass took 70 ms, 3 now, and the narration
 * 826 → 564 ms (each the fastest of three runs on one timeline).
 */
export class ClassifiedColumns {
  private count = 0;
  /**
   * The request's row of the timeline's requests, in log order as their log positions are: the
   * order of the records, and their request without a look in the client's list.
   */
  private readonly row: Int32Array;
  /**
   * The client's request before it (NO_ROW for its first), read as the walk classified it, next
   * to the request in the client's list: read when the records were made, through the client and
   * its list in log order, it was two more cache misses per record.
   */
  private readonly previous: Int32Array;
  /** Positions in KINDS. */
  private readonly kind: Uint8Array;
  /** For a loss: how many sessions were alive, and a list of ids whose last ones before `end` name the newest. */
  private readonly aliveCount: Int32Array;
  private readonly names: (readonly string[])[];
  private readonly end: Int32Array;

  /**
   * Room for `capacity` re-initializes (the fold's candidates): columns of the right length, not
   * lists grown by copies, which at 1 GiB took some 50 MB more at the fold's end, then the run's peak.
   */
  constructor(
    capacity: number,
    /** The timeline's requests, which the rows are of. */
    private readonly table: RequestTable,
  ) {
    this.row = new Int32Array(capacity);
    this.previous = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.aliveCount = new Int32Array(capacity);
    this.names = new Array<readonly string[]>(capacity).fill(NO_NAMES);
    this.end = new Int32Array(capacity);
  }

  /**
   * The client started over with `aliveCount` sessions alive, named by the last of `names` before
   * `end`. `row` is the request's row, `previous` the client's request's before it, or NO_ROW.
   */
  addLoss(row: number, previous: number, aliveCount: number, names: readonly string[], end: number) {
    const i = this.add(row, previous, "loss");
    this.aliveCount[i] = aliveCount;
    this.names[i] = names;
    this.end[i] = end;
  }

  addInitialize(row: number, previous: number, kind: Exclude<ReinitializeKind, "loss">) {
    this.add(row, previous, kind);
  }

  private add(row: number, previous: number, kind: ReinitializeKind): number {
    const i = this.count++;
    this.row[i] = row;
    this.previous[i] = previous;
    this.kind[i] = KINDS.indexOf(kind);
    return i;
  }

  /** The records, in log order. */
  inLogOrder(): Reinitialization[] {
    const order = orderByRow(this.row.subarray(0, this.count));
    const records = new Array<Reinitialization>(order.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const request = this.row[i]!;
      const previous = this.previous[i]!;
      const kind = KINDS[this.kind[i]!]!;
      records[k] =
        kind === "loss"
          ? new ClassifiedLoss(this.table, request, previous, this.aliveCount[i]!, this.names[i]!, this.end[i]!)
          : new ClassifiedInitialize(this.table, request, kind, previous);
    }
    return records;
  }
}

/**
 * The sessions a loss names, `ids` from `from` to `to` (excluded), read without the copy its
 * aliveSessions makes: server-idle-timeout reads every loss's names, 313,000 lists at 1 GiB.
 * One holder, read into again for each loss.
 */
export class AliveNames {
  ids: readonly string[] = NO_NAMES;
  from = 0;
  to = 0;

  read(reinitialization: Reinitialization): this {
    if (reinitialization instanceof ClassifiedLoss) {
      this.ids = reinitialization.ids;
      this.to = reinitialization.end;
      this.from = this.to - Math.min(reinitialization.aliveCount, MAX_ALIVE_LISTED);
    } else {
      this.ids = reinitialization.aliveSessions;
      this.from = 0;
      this.to = this.ids.length;
    }
    return this;
  }
}

/**
 * The row of a re-initialize's request in the timeline's requests, without making its record:
 * rows are in log order, so passes over the requests and the re-initializes, both in log order,
 * meet by row. A filtered timeline's re-initializes are made anew (filterTimeline) and asked.
 */
export function requestRowOf(reinitialization: Reinitialization): number {
  return reinitialization instanceof ClassifiedLoss || reinitialization instanceof ClassifiedInitialize ? reinitialization.requestRow : (reinitialization.request as LoggedRequest).row;
}

/** The previous request of a client's first. */
export const NO_ROW = -1;

/**
 * A re-initialize as classified that was no loss. Its idle gap is read from the client's request
 * before it, kept instead of the gap: the gap, a double, took an object of its own (0.4 MB of the
 * 100 MiB bench log's timeline). Both requests are kept as their rows, their records made when
 * asked: kept, they were 1.9 MB more of the 100 MiB bench log's timeline, 30 MB at 1 GiB.
 */
class ClassifiedInitialize implements Reinitialization {
  constructor(
    private readonly table: RequestTable,
    private readonly row: number,
    readonly kind: ReinitializeKind,
    /** The client's request before, or NO_ROW for its first. */
    private readonly previous: number,
  ) {}

  /** A new record at each ask. */
  get request(): LoggedRequest {
    return this.table.record(this.row);
  }

  get requestRow(): number {
    return this.row;
  }

  get idleGapMs(): number | null {
    return idleGap(this.table, this.row, this.previous);
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
    private readonly table: RequestTable,
    private readonly row: number,
    private readonly previous: number,
    readonly aliveCount: number,
    /** The names are the last min(aliveCount, MAX_ALIVE_LISTED) before `end` (see AliveNames). */
    readonly ids: readonly string[],
    readonly end: number,
  ) {}

  get kind(): ReinitializeKind {
    return "loss";
  }

  /** A new record at each ask. */
  get request(): LoggedRequest {
    return this.table.record(this.row);
  }

  get requestRow(): number {
    return this.row;
  }

  get idleGapMs(): number | null {
    return idleGap(this.table, this.row, this.previous);
  }

  get aliveSessions(): string[] {
    return this.ids.slice(this.end - Math.min(this.aliveCount, MAX_ALIVE_LISTED), this.end);
  }
}

/** Time since the client's previous request, or null for its first. */
function idleGap(table: RequestTable, row: number, previous: number): number | null {
  return previous === NO_ROW ? null : table.atOf(row) - table.atOf(previous);
}
