import { BlockedColumn } from "./blocked-column.js";
import { KindCounts } from "./kind-counts.js";
import type { RecordList, Reinitialization, ReinitializeKind, Timeline } from "./model.js";
import { NamedSessions } from "./named-sessions.js";
import { NearInts } from "./near-ints.js";
import { NO_ROW, PreviousRows } from "./previous-rows.js";
import type { LoggedRequest, RequestTable } from "./records.js";

export { NO_ROW } from "./previous-rows.js";

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

/**
 * The re-initializes as the sweep classifies them (ReinitializationSweep), in log order, as columns
 * grown by blocks (BlockedColumn) and made the list's columns once the log is read. Classified
 * client by client at the fold's end, they were written at their places in log order, which took
 * the candidates' ranks; in log order, the rules and the report read them so (some six passes): at
 * 1 GiB server-restart's pass took 70 ms in the walk's order, 3 in log order.
 */
export class ClassifiedColumns {
  /** The request's row of the timeline's requests, in log order as their log positions are. */
  private readonly rows = new BlockedColumn(Int32Array);
  /** The client's request before it, NO_ROW for none; made PreviousRows (two bytes each) once done. */
  private readonly previousRows = new BlockedColumn(Int32Array);
  /** A loss's count of alive sessions plus one, as a negative number; another's kind, a position in KINDS. */
  private readonly kinds = new BlockedColumn(Int32Array);
  /** For a loss: where the newest alive sessions are named (NamedSessions). */
  private readonly ends = new BlockedColumn(Int32Array);

  constructor(
    /** The timeline's requests, which the rows are of. */
    private readonly table: RequestTable,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  /**
   * The client started over with `aliveCount` sessions alive, the newest named before `end` of the
   * NamedSessions. `row` is the request's row, `previous` the client's request's before it, or NO_ROW.
   */
  addLoss(row: number, previous: number, aliveCount: number, end: number) {
    this.add(row, previous, -1 - aliveCount, end);
  }

  addInitialize(row: number, previous: number, kind: Exclude<ReinitializeKind, "loss">) {
    this.add(row, previous, KINDS.indexOf(kind), 0);
  }

  private add(row: number, previous: number, kind: number, end: number) {
    this.rows.push(row);
    this.previousRows.push(previous);
    this.kinds.push(kind);
    this.ends.push(end);
  }

  /**
   * The re-initializes, a record made only when asked. A record kept for each (an object of 56 or
   * 72 bytes) was 24.6 of the 96 MB the 1 GiB bench log's timeline held on the heap (a heap
   * snapshot after the fold), marked at every full collection of the tail.
   */
  done(names: NamedSessions): Reinitializations {
    const n = this.length;
    const rows = new Int32Array(n);
    const previous = new PreviousRows(n);
    const kinds = KindCounts.ofLength(n);
    const ends = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = this.rows.get(i);
      rows[i] = row;
      previous.set(i, row, this.previousRows.get(i));
      const kind = this.kinds.get(i);
      if (kind < 0) kinds.setLoss(i, -1 - kind);
      else kinds.setKind(i, KINDS[kind]!);
      ends[i] = this.ends.get(i);
    }
    names.seal();
    return new Reinitializations(this.table, NearInts.of(rows), previous.first(n), kinds, null, names, ends);
  }
}

/** The kinds other than a loss, as ClassifiedColumns keeps them. */
const KINDS: readonly Exclude<ReinitializeKind, "loss">[] = ["first", "after-restart", "after-not-found", "after-end"];

/**
 * A timeline's re-initializes in log order, as columns by their position in the list; each record
 * (`at`, the iterator) is made when asked. The passes over all of them read the columns instead
 * (kindAt, rowAt, ...): they meet the requests by row, rows being in log order too. A loss names
 * the newest of its client's live sessions, and a client's consecutive losses mostly name the same
 * ones: a list per loss was the largest part of the timeline's pointer arrays (8.2 of 17.6 MB on
 * the 100 MiB bench log). A loss keeps instead where its names end in a column of session positions
 * it may share with the client's other losses (NamedSessions), and how many it names: the `listed`
 * positions before `end`. Their ids are read from the sessions when asked.
 */
export class Reinitializations implements RecordList<Reinitialization> {
  constructor(
    /** The timeline's requests, which the rows are of; null only for a list with none. */
    private readonly table: RequestTable | null,
    private readonly rows: NearInts,
    /** The client's request before each. */
    private readonly previous: PreviousRows,
    private readonly kinds: KindCounts,
    /**
     * How many sessions each names, in a filtered list (keep); else null: the fewer of its count of
     * alive sessions and MAX_ALIVE_LISTED.
     */
    private readonly listed: Uint8Array | null,
    private readonly names: NamedSessions,
    private readonly ends: Int32Array,
  ) {}

  static readonly NONE = new Reinitializations(null, NearInts.NONE, new PreviousRows(0).first(0), KindCounts.ofLength(0), null, new NamedSessions([]), new Int32Array(0));

  get length(): number {
    return this.kinds.length;
  }

  /** A new record at each call, undefined past either end (a negative index counts from the end). */
  at(index: number): Reinitialization | undefined {
    const i = index < 0 ? index + this.length : index;
    return i >= 0 && i < this.length ? new ListedReinitialization(this, i) : undefined;
  }

  *[Symbol.iterator](): Iterator<Reinitialization> {
    for (let i = 0; i < this.length; i++) yield new ListedReinitialization(this, i);
  }

  /** The row of the ith re-initialize's request in the timeline's requests. */
  rowAt(i: number): number {
    return this.rows.get(i);
  }

  kindAt(i: number): ReinitializeKind {
    return this.kinds.kindAt(i);
  }

  isLossAt(i: number): boolean {
    return this.kinds.isLossAt(i);
  }

  /** The ith request's record, new at each call. */
  requestAt(i: number): LoggedRequest {
    return this.table!.record(this.rows.get(i));
  }

  /** Time since the client's previous request, or null for its first. */
  idleGapAt(i: number): number | null {
    const row = this.rows.get(i);
    const previous = this.previous.get(i, row);
    return previous === NO_ROW ? null : this.table!.atOf(row) - this.table!.atOf(previous);
  }

  aliveCountAt(i: number): number {
    return this.kinds.aliveCountAt(i);
  }

  /** How many sessions the ith names (none unless a loss). */
  listedAt(i: number): number {
    const { listed } = this;
    return listed === null ? Math.min(this.kinds.aliveCountAt(i), MAX_ALIVE_LISTED) : listed[i]!;
  }

  /** The ids of the sessions the ith names, a new list. */
  aliveSessionsAt(i: number): string[] {
    const ids = new Array<string>(this.listedAt(i));
    this.names.readIds(this.ends[i]!, ids.length, ids);
    return ids;
  }

  /** The ids of the sessions the ith names, into `ids` from its start: how many. */
  readAliveSessions(i: number, ids: string[]): number {
    const listed = this.listedAt(i);
    this.names.readIds(this.ends[i]!, listed, ids);
    return listed;
  }

  /**
   * The re-initializes of the requests kept (by row), each loss naming only the sessions kept (by
   * id) and its count of alive sessions less the named ones dropped, so that nothing points
   * outside a filtered model (filterTimeline).
   */
  keep(keptRows: Uint8Array, keptIds: ReadonlySet<string>): Reinitializations {
    const chosen: number[] = [];
    for (let i = 0; i < this.length; i++) if (keptRows[this.rows.get(i)] === 1) chosen.push(i);
    const n = chosen.length;
    const rows = new Int32Array(n);
    const previous = new PreviousRows(n);
    const kinds = KindCounts.ofLength(n);
    const listed = new Uint8Array(n);
    const names = new NamedSessions(this.names.sessions);
    const ends = new Int32Array(n);
    const named = new Int32Array(MAX_ALIVE_LISTED);
    for (let k = 0; k < n; k++) {
      const i = chosen[k]!;
      const wasListed = this.listedAt(i);
      this.names.copyPositions(this.ends[i]!, wasListed, named, 0);
      let kept = 0;
      for (let j = 0; j < wasListed; j++) {
        if (!keptIds.has(names.sessions[named[j]!]!.id)) continue;
        names.pushShared(named[j]!);
        kept++;
      }
      const row = this.rows.get(i);
      rows[k] = row;
      previous.set(k, row, this.previous.get(i, row));
      kinds.copy(k, this.kinds, i, this.kinds.aliveCountAt(i) - (wasListed - kept));
      listed[k] = kept;
      ends[k] = names.sharedLength;
    }
    names.seal();
    return new Reinitializations(this.table, NearInts.of(rows), previous.first(n), kinds, listed, names, ends);
  }
}


/** The re-initializes of a timeline: every timeline's list is one (classifyReinitializations, filterTimeline). */
export function reinitializationsOf(timeline: Timeline): Reinitializations {
  return timeline.reinitializations as Reinitializations;
}

/**
 * The sessions a loss names, `ids` from `from` to `to` (excluded), read without the list its
 * aliveSessions makes: server-idle-timeout reads the names of many losses (313,000 at 1 GiB).
 * One holder, read into again for each loss.
 */
export class AliveNames {
  private readonly names = new Array<string>(MAX_ALIVE_LISTED).fill("");
  readonly ids: readonly string[] = this.names;
  readonly from = 0;
  to = 0;

  /** The names of the ith of `list`. */
  read(list: Reinitializations, i: number): this {
    this.to = list.readAliveSessions(i, this.names);
    return this;
  }
}


/** A re-initialize of a list, read from its columns at each ask. */
class ListedReinitialization implements Reinitialization {
  constructor(
    private readonly list: Reinitializations,
    private readonly i: number,
  ) {}

  /** A new record at each ask. */
  get request(): LoggedRequest {
    return this.list.requestAt(this.i);
  }

  get kind(): ReinitializeKind {
    return this.list.kindAt(this.i);
  }

  get idleGapMs(): number | null {
    return this.list.idleGapAt(this.i);
  }

  get aliveCount(): number {
    return this.list.aliveCountAt(this.i);
  }

  get aliveSessions(): string[] {
    return this.list.aliveSessionsAt(this.i);
  }
}
