import { Int32Blocks, Uint16Blocks } from "./blocked-column.js";
import type { RecordList, Reinitialization, ReinitializeKind, Timeline } from "./model.js";
import { NamedSessions, type NamedWindow } from "./named-sessions.js";
import { NearAppended } from "./near-appended.js";
import { withRoomFor } from "../grown-column.js";
import type { LoggedRequest, RequestTable } from "./records.js";

/** The previous request of a client's first. */
export const NO_ROW = -1;

/** A loss names at most this many of the sessions still alive (the newest); aliveCount has the total. */
export const MAX_ALIVE_LISTED = 20;

/**
 * The re-initializes as the sweep classifies them (ReinitializationSweep), in log order, as columns
 * grown by blocks (blocked-column.ts), which the timeline's list reads as they are. Classified client by
 * client at the fold's end, they were written at their places in log order, which took the
 * candidates' ranks; in log order, the rules and the report read them so (some six passes): at
 * 1 GiB server-restart's pass took 70 ms in the walk's order, 3 in log order. Written through the
 * reading and made into other columns at its end, their blocks (6 MB at 1 GiB) were freed under the
 * report's arrays, which glibc's heap could not give back; they are written as they are kept, the
 * rows in two bytes each while they lie near (NearAppended).
 */
export class ClassifiedColumns {
  /** The request's row of the timeline's requests, in log order as their log positions are: near each other (NearAppended). */
  private readonly rows = new NearAppended();
  private readonly previous = new PreviousRowColumn();
  private readonly kinds = new KindColumn();
  /** For a loss: where the newest alive sessions are named (NamedSessions). */
  private readonly ends = new Int32Blocks();

  constructor(
    /** The timeline's requests, which the rows are of; null only for a list with none. */
    readonly table: RequestTable | null,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  /**
   * The client started over with `aliveCount` sessions alive, the newest named before `end` of the
   * NamedSessions. `row` is the request's row, `previous` the client's request's before it, or NO_ROW.
   */
  addLoss(row: number, previous: number, aliveCount: number, end: number) {
    this.rows.push(row);
    this.previous.push(row, previous);
    this.kinds.pushLoss(aliveCount);
    this.ends.push(end);
  }

  addInitialize(row: number, previous: number, kind: Exclude<ReinitializeKind, "loss">) {
    this.rows.push(row);
    this.previous.push(row, previous);
    this.kinds.pushKind(kind);
    this.ends.push(0);
  }

  rowAt(i: number): number {
    return this.rows.get(i);
  }

  /** The ith's client's request before it, `row` its own row. */
  previousAt(i: number, row: number): number {
    return this.previous.get(i, row);
  }

  kindAt(i: number): ReinitializeKind {
    return this.kinds.kindAt(i);
  }

  isLossAt(i: number): boolean {
    return this.kinds.isLossAt(i);
  }

  aliveCountAt(i: number): number {
    return this.kinds.aliveCountAt(i);
  }

  endAt(i: number): number {
    return this.ends.get(i);
  }

  /** The re-initializes, a record made only when asked (see Reinitializations), once no more are added. */
  done(names: NamedSessions): Reinitializations {
    this.rows.seal();
    this.previous.seal();
    this.kinds.seal();
    this.ends.seal();
    names.seal();
    return new Reinitializations(this, null, names);
  }
}

/**
 * Each re-initialize's client's request before it, as its distance back from the request's row in
 * two bytes, 0 for none (NO_ROW): at 1 GiB 1% of them are 65,535 rows back or more (at most
 * 212,559), kept aside with the request's row, their distance FAR, in the order of the rows (the
 * order written). In one column of their own length made at the fold's end, as before the
 * classification moved into the walk, they could not be written as the reading goes.
 */
class PreviousRowColumn {
  private readonly distances = new Uint16Blocks();
  private farRows = new Int32Array(0);
  private farPrevious = new Int32Array(0);
  private farCount = 0;

  push(row: number, previous: number) {
    const distance = row - previous;
    if (previous === NO_ROW) this.distances.push(0);
    else if (distance > 0 && distance < FAR) this.distances.push(distance);
    else {
      this.distances.push(FAR);
      const k = this.farCount++;
      if (k === this.farRows.length) {
        this.farRows = withRoomFor(this.farRows, k);
        this.farPrevious = withRoomFor(this.farPrevious, k);
      }
      this.farRows[k] = row;
      this.farPrevious[k] = previous;
    }
  }

  get(i: number, row: number): number {
    const distance = this.distances.get(i);
    if (distance === FAR) return this.farPrevious[this.farAt(row)]!;
    return distance === 0 ? NO_ROW : row - distance;
  }

  private farAt(row: number): number {
    const rows = this.farRows;
    let low = 0;
    let high = this.farCount - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (rows[middle]! < row) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  seal() {
    this.distances.seal();
    this.farRows = this.farRows.slice(0, this.farCount);
    this.farPrevious = this.farPrevious.slice(0, this.farCount);
  }
}

/** The distance of a previous request kept aside: the first that two bytes do not leave room for. */
const FAR = 0xffff;

const KINDS: readonly ReinitializeKind[] = ["first", "after-restart", "after-not-found", "after-end", "loss"];
/** A loss's number: LOSS plus how many sessions were alive; any other kind's is its position in KINDS. */
const LOSS = KINDS.indexOf("loss");
/** A loss whose count two bytes do not hold: the count is kept aside. */
const WIDE = 0xffff;

/**
 * Each re-initialize's kind and, for a loss, how many sessions were alive, in one number of two bytes
 * (at 1 GiB at most 861 alive), a count past them kept aside by the re-initialize's position. A byte
 * of the kind and two of the count, with a byte of how many it names (derived from the count but in
 * a filtered list), were 1.1 MB at 1 GiB (371,000 re-initializes); 0.7 here.
 */
class KindColumn {
  private readonly values = new Uint16Blocks();
  private readonly wide = new Map<number, number>();

  pushLoss(aliveCount: number) {
    if (LOSS + aliveCount < WIDE) this.values.push(LOSS + aliveCount);
    else {
      this.wide.set(this.values.length, aliveCount);
      this.values.push(WIDE);
    }
  }

  pushKind(kind: Exclude<ReinitializeKind, "loss">) {
    this.values.push(KINDS.indexOf(kind));
  }

  kindAt(i: number): ReinitializeKind {
    const value = this.values.get(i);
    return value >= LOSS ? "loss" : KINDS[value]!;
  }

  isLossAt(i: number): boolean {
    return this.values.get(i) >= LOSS;
  }

  aliveCountAt(i: number): number {
    const value = this.values.get(i);
    if (value === WIDE) return this.wide.get(i)!;
    return value >= LOSS ? value - LOSS : 0;
  }

  seal() {
    this.values.seal();
  }
}

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
  private readonly table: RequestTable | null;

  constructor(
    private readonly columns: ClassifiedColumns,
    /**
     * How many sessions each names, in a filtered list (keep); else null: the fewer of its count of
     * alive sessions and MAX_ALIVE_LISTED.
     */
    private readonly listed: Uint8Array | null,
    private readonly names: NamedSessions,
  ) {
    this.table = columns.table;
  }

  static readonly NONE = new Reinitializations(new ClassifiedColumns(null), null, new NamedSessions([]));

  get length(): number {
    return this.columns.length;
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
    return this.columns.rowAt(i);
  }

  kindAt(i: number): ReinitializeKind {
    return this.columns.kindAt(i);
  }

  isLossAt(i: number): boolean {
    return this.columns.isLossAt(i);
  }

  /** The ith request's record, new at each call. */
  requestAt(i: number): LoggedRequest {
    return this.table!.record(this.columns.rowAt(i));
  }

  /** Time since the client's previous request, or null for its first. */
  idleGapAt(i: number): number | null {
    const row = this.columns.rowAt(i);
    const previous = this.columns.previousAt(i, row);
    return previous === NO_ROW ? null : this.table!.atOf(row) - this.table!.atOf(previous);
  }

  aliveCountAt(i: number): number {
    return this.columns.aliveCountAt(i);
  }

  /** How many sessions the ith names (none unless a loss). */
  listedAt(i: number): number {
    const { listed } = this;
    return listed === null ? Math.min(this.columns.aliveCountAt(i), MAX_ALIVE_LISTED) : listed[i]!;
  }

  /** The ids of the sessions the ith names, a new list. */
  aliveSessionsAt(i: number): string[] {
    const ids = new Array<string>(this.listedAt(i));
    this.names.readIds(this.columns.endAt(i), ids.length, ids);
    return ids;
  }

  /** `window` pointed at the sessions the ith names. */
  showNames(i: number, window: NamedWindow): NamedWindow {
    return window.show(this.names, this.columns.endAt(i), this.listedAt(i));
  }


  /**
   * The re-initializes of the requests kept (by row), each loss naming only the sessions kept (by
   * id) and its count of alive sessions less the named ones dropped, so that nothing points
   * outside a filtered model (filterTimeline).
   */
  keep(keptRows: Uint8Array, keptIds: ReadonlySet<string>): Reinitializations {
    const { columns } = this;
    const chosen: number[] = [];
    for (let i = 0; i < this.length; i++) if (keptRows[columns.rowAt(i)] === 1) chosen.push(i);
    const n = chosen.length;
    const kept = new ClassifiedColumns(this.table);
    const listed = new Uint8Array(n);
    const names = new NamedSessions(this.names.sessions);
    const named = new Int32Array(MAX_ALIVE_LISTED);
    for (let k = 0; k < n; k++) {
      const i = chosen[k]!;
      const row = columns.rowAt(i);
      const previous = columns.previousAt(i, row);
      const kind = columns.kindAt(i);
      if (kind !== "loss") {
        kept.addInitialize(row, previous, kind);
        continue;
      }
      const wasListed = this.listedAt(i);
      this.names.copyPositions(columns.endAt(i), wasListed, named, 0);
      let keptNames = 0;
      for (let j = 0; j < wasListed; j++) {
        if (!keptIds.has(names.sessions.at(named[j]!)!.id)) continue;
        names.pushShared(named[j]!);
        keptNames++;
      }
      kept.addLoss(row, previous, columns.aliveCountAt(i) - (wasListed - keptNames), names.sharedLength);
      listed[k] = keptNames;
    }
    kept.done(names);
    return new Reinitializations(kept, listed, names);
  }
}

/** The re-initializes of a timeline: every timeline's list that was kept is one (ReinitializationSweep, filterTimeline). */
export function reinitializationsOf(timeline: Timeline): Reinitializations {
  const list = timeline.reinitializations;
  // A list the timeline did not keep (UnkeptReinitializations) throws at its first read: here, not in the reader's pass.
  void list.length;
  return list as Reinitializations;
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
