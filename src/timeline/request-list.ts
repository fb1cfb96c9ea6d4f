import type { RecordList } from "./model.js";
import type { LoggedRequest, RequestTable } from "./records.js";

/** What a RowList's records are made from: the RequestTable, or a table of the server's lines (line-table.ts). */
export interface RowTable<T> {
  record(row: number): T;
}

/*
 * A list of requests as their rows of the timeline's RequestTable: the timeline's (every row), a
 * client's, a session's, a batch's; and so the stream closures, rows of the server's lines. Four
 * lists of pointers to an object per request (the fold's, the timeline's copy, the clients' and the
 * sessions') held, with the objects, some 140 MB of the 1 GiB bench log's old generation, marked
 * by every full collection; rows are numbers it never reads.
 */

/** `length` records: rows `from`… of the table, or `rows[from]`… when given. */
export class RowList<T = LoggedRequest, Table extends RowTable<T> = RequestTable & RowTable<T>> implements RecordList<T> {
  constructor(
    readonly table: Table,
    private readonly rows: Int32Array | null,
    private readonly from: number,
    readonly length: number,
  ) {}

  /** The table row of the list's `index`th request (0 ≤ index < length). */
  row(index: number): number {
    return this.rows === null ? this.from + index : this.rows[this.from + index]!;
  }

  /** A new record at each call (a negative index counts from the end, as Array's `at`). */
  at(index: number): T | undefined {
    const i = index < 0 ? index + this.length : index;
    return i >= 0 && i < this.length ? this.table.record(this.row(i)) : undefined;
  }

  /** The list's `start`th to `end`th requests (`end` excluded), sharing its rows. */
  slice(start: number, end: number): RowList<T, Table> {
    return new RowList(this.table, this.rows, this.from + start, end - start);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.table.record(this.row(i));
  }
}

/** Rows found by place in lists kept side by side (PackedRows, ClientLists). */
export interface RowsByPlace {
  get(place: number): number;
}

/** `length` requests at places `first`… of lists side by side: a session's (GroupedRows), a client's (ClientLists). */
export class PlacedRowList extends RowList {
  constructor(
    table: RequestTable,
    readonly places: RowsByPlace,
    private readonly first: number,
    length: number,
  ) {
    super(table, null, first, length);
  }

  override row(index: number): number {
    return this.places.get(this.first + index);
  }

  override slice(start: number, end: number): PlacedRowList {
    return new PlacedRowList(this.table, this.places, this.first + start, end - start);
  }
}
