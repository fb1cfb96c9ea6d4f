import type { LineRef } from "../events.js";
import { NullableColumn, put, RepeatedColumn, RepeatedOffsetColumn, SeqColumn, TimeColumn } from "./exact-columns.js";
import type { Interner } from "./interner.js";
import type { SessionEnd, SessionEndKind, StreamClosure } from "./model.js";
import type { RowList, RowTable } from "./request-list.js";

/*
 * The server's lines the timeline keeps (stream closures, session creations and ends): a row
 * each of typed columns, and a record of two fields pointing at its row, as requests are
 * (records.ts). With its fields in the object, a record was some 70 bytes and a boxed double for
 * its time, both copied twice by the young generation's collector: 240,000 of them on the 100 MiB
 * bench log. The timeline keeps the rows' numbers (a ClosureList, a session's creation and end
 * rows) and makes the records when asked: a record kept per closure and the lists of them were 3.4
 * of the 100 MiB bench log's 43.9 MB of timeline.
 */

/** Rows per block (see records.ts); fewer than a request block's: two tables end partly empty, and lines are fewer than requests. */
const BLOCK_ROWS = 4096;
const END_KINDS: readonly SessionEndKind[] = ["deleted", "closed", "removed", "restart", "not-found"];
const END_KIND_CODE = new Map(END_KINDS.map((kind, code) => [kind, code]));

/** Narrow columns widen, repeated ones take no room until a row differs (see exact-columns.ts): some 10 bytes a row where Float64 columns took 40 (15 with four-byte log positions and times and a byte saying whether the number was there). */
class LineBlock {
  readonly seq = new SeqColumn(BLOCK_ROWS);
  readonly at = new TimeColumn(BLOCK_ROWS);
  /** From the line's log position. */
  readonly line = new RepeatedOffsetColumn(BLOCK_ROWS);
  readonly file = new RepeatedColumn(BLOCK_ROWS);
  /** The record's number: elapsed ms, active sessions. */
  readonly number = new NullableColumn(BLOCK_ROWS);
  /**
   * The record's code: a closure's session id (a number of `strings`), an end's kind (a creation's
   * is 0). A byte a row until a code does not fit (a closure table's first), widened as `put`
   * widens: the sessions' creations and ends, 733,000 rows at 1 GiB, took 2.8 MB in an Int32Array.
   */
  code: Int8Array | Int16Array | Int32Array | Float64Array = new Int8Array(BLOCK_ROWS);

  constructor(readonly strings: Interner) {}
}

/** Lines of the log, a row each, in the order they were added. */
export class LineTable {
  private readonly blocks: LineBlock[] = [];
  private block: LineBlock;
  private used = 0;

  constructor(private readonly strings: Interner) {
    this.block = this.newBlock();
  }

  /**
   * A stream closure's row: the timeline keeps its number (a RowList of `closures`), not a record.
   * The file and the session id come as their numbers in the strings, as the walk holds them: the
   * id looked up again was 630 ms of the main thread's 40 s sampled at 1 GiB (726,000 closures).
   */
  closure(seq: number, at: number, line: number, fileCode: number, sessionCode: number, elapsedMs: number | null): number {
    this.add(seq, at, line, fileCode, elapsedMs, sessionCode);
    return this.lastRow();
  }

  /** The stream closures' records, made from their rows (numbers closure returned) when asked. */
  readonly closures = new ClosureRecords(this.blocks);

  /**
   * A session's creation and end are rows without a record: the session keeps the row's number
   * and makes the record when asked (creationAt, endAt), one object less per session for each.
   */
  creation(seq: number, at: number, line: number, fileCode: number, activeSessions: number | null): number {
    this.add(seq, at, line, fileCode, activeSessions, 0);
    return this.lastRow();
  }

  end(kind: SessionEndKind, seq: number, at: number, line: number, fileCode: number): number {
    this.add(seq, at, line, fileCode, null, END_KIND_CODE.get(kind)!);
    return this.lastRow();
  }

  /** The line added as `row` (a number creation returned). */
  creationAt(row: number): LoggedCreation {
    return new LoggedCreation(this.blockOf(row), row % BLOCK_ROWS);
  }

  /** The line added as `row` (a number end returned). */
  endAt(row: number): LoggedEnd {
    return new LoggedEnd(this.blockOf(row), row % BLOCK_ROWS);
  }

  /** The log position of the line added as `row`, without making its record. */
  seqOf(row: number): number {
    return this.blockOf(row).seq.get(row % BLOCK_ROWS);
  }

  /** The time of the line added as `row`, without making its record. */
  atOf(row: number): number {
    return this.blockOf(row).at.get(row % BLOCK_ROWS);
  }

  /** The kind of the end added as `row` (a number end returned), without making its record. */
  endKindOf(row: number): SessionEndKind {
    return END_KINDS[this.blockOf(row).code[row % BLOCK_ROWS]!]!;
  }

  /** The block of the line added as `row` (a number over all blocks, as lastRow gives). */
  private blockOf(row: number): LineBlock {
    return this.blocks[Math.floor(row / BLOCK_ROWS)]!;
  }

  /** The number of the line added last, over all blocks. */
  private lastRow(): number {
    return (this.blocks.length - 1) * BLOCK_ROWS + this.used - 1;
  }

  private newBlock(): LineBlock {
    const block = new LineBlock(this.strings);
    this.blocks.push(block);
    return block;
  }

  /** The row of a new line, in `this.block` once it returns (which may be a new block). */
  private add(seq: number, at: number, line: number, fileCode: number, number: number | null, code: number): number {
    if (this.used === BLOCK_ROWS) {
      this.block = this.newBlock();
      this.used = 0;
    }
    const { block } = this;
    const row = this.used++;
    block.seq.set(row, seq);
    block.at.set(row, at);
    block.line.set(row, seq, line);
    block.file.set(row, fileCode);
    block.number.set(row, number);
    block.code = put(block.code, row, code);
    return row;
  }
}

/** Stream closures as rows of the line table (the timeline's, a session's). */
export type ClosureList = RowList<LoggedStreamClosure, ClosureRecords>;

/** What a list of stream closures (a RowList) makes its records with. */
export class ClosureRecords implements RowTable<LoggedStreamClosure> {
  /** The line table's blocks, shared. */
  constructor(private readonly blocks: readonly LineBlock[]) {}

  record(row: number): LoggedStreamClosure {
    return new LoggedStreamClosure(this.blocks[Math.floor(row / BLOCK_ROWS)]!, row % BLOCK_ROWS);
  }

  /*
   * Columns read by row without a record, for the passes over every closure (the narration, the
   * report's lifetimes): a record per closure and pass was 726,000 objects at 1 GiB.
   */

  seqOf(row: number): number {
    return this.blocks[Math.floor(row / BLOCK_ROWS)]!.seq.get(row % BLOCK_ROWS);
  }

  atOf(row: number): number {
    return this.blocks[Math.floor(row / BLOCK_ROWS)]!.at.get(row % BLOCK_ROWS);
  }

  /** As LoggedStreamClosure.sessionCode. */
  sessionCodeOf(row: number): number {
    return this.blocks[Math.floor(row / BLOCK_ROWS)]!.code[row % BLOCK_ROWS]!;
  }

  elapsedMsOf(row: number): number | null {
    return this.blocks[Math.floor(row / BLOCK_ROWS)]!.number.get(row % BLOCK_ROWS);
  }
}

/** A line of the log kept by the timeline: its row of a LineBlock, read through getters. */
abstract class LoggedLine {
  constructor(
    protected readonly block: LineBlock,
    protected readonly row: number,
  ) {}

  get seq(): number {
    return this.block.seq.get(this.row);
  }

  get at(): number {
    return this.block.at.get(this.row);
  }

  get ref(): LineRef {
    const { block, row } = this;
    return { file: block.strings.string(block.file.get(row))!, line: block.line.get(row, block.seq.get(row)) };
  }

  protected get number(): number | null {
    return this.block.number.get(this.row);
  }
}

export class LoggedStreamClosure extends LoggedLine implements StreamClosure {
  get sessionId(): string | null {
    return this.block.strings.string(this.block.code[this.row]!) as string | null;
  }

  /** The session id's number in the timeline's strings, a request's sessionCode for the same id; negative when none. */
  get sessionCode(): number {
    return this.block.code[this.row]!;
  }

  get elapsedMs(): number | null {
    return this.number;
  }
}

/** A session's session_created line. */
export class LoggedCreation extends LoggedLine {
  get activeSessions(): number | null {
    return this.number;
  }
}

export class LoggedEnd extends LoggedLine implements SessionEnd {
  get kind(): SessionEndKind {
    return END_KINDS[this.block.code[this.row]!]!;
  }
}
