import type { LineRef } from "../events.js";
import { BlockStore, defineHidden, Residence } from "./block-store.js";
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
 * of the 100 MiB bench log's 43.9 MB of timeline. Past a bound, blocks leave memory for a file and
 * come back when read (block-store.ts), as the request table's do: the tables grew 16-18 MB per GiB
 * of log (726,000 stream closures, 733,000 creations and ends), kept whole until the report.
 */

/** Rows per block (see records.ts); fewer than a request block's: two tables end partly empty, and lines are fewer than requests. */
const BLOCK_ROWS = 4096;
export const END_KINDS: readonly SessionEndKind[] = ["deleted", "closed", "removed", "restart", "not-found"];
const END_KIND_CODE = new Map(END_KINDS.map((kind, code) => [kind, code]));

/** Narrow columns widen, repeated ones take no room until a row differs (see exact-columns.ts): some 10 bytes a row where Float64 columns took 40 (15 with four-byte log positions and times and a byte saying whether the number was there). */
class LineBlock {
  /** Hidden, as a request block's (see records.ts). */
  declare readonly residence: Residence;
  declare readonly store: BlockStore<LineBlock>;
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
  /**
   * Whose line it is, for the sessions' creations and ends: the ordinal of the session a creation
   * was logged for, -1 less the ordinal of the session an end ended (0 for a closure, whose session
   * is its code). The narration reads the sessions' lines in row order by it (SessionLines).
   */
  session: Int8Array | Int16Array | Int32Array | Float64Array = new Int8Array(BLOCK_ROWS);

  constructor(
    readonly strings: Interner,
    store: BlockStore<LineBlock>,
  ) {
    defineHidden<LineBlock>(this, "store", store);
    defineHidden<LineBlock>(this, "residence", new Residence());
  }
}

/** A LineBlock's fields that hold its rows, which may leave memory (block-store.ts). */
const COLUMNS = ["seq", "at", "line", "file", "number", "code", "session"] as const;

/** `block`, made resident and its store's block used last: before any read of its rows (writes go to the last block, never dropped). */
function resident(block: LineBlock): LineBlock {
  if (block.store.current !== block) block.store.use(block);
  return block;
}

/** Lines of the log, a row each, in the order they were added. */
export class LineTable {
  private readonly blocks: LineBlock[] = [];
  /** Which blocks are in memory (block-store.ts): every read of a block goes through `resident`. */
  declare private readonly store: BlockStore<LineBlock>;
  private block: LineBlock;
  private used = 0;

  /**
   * Blocks in memory at most by default: 64 of some 40 KB each, of 179 a table at 1 GiB (the two
   * tables took 16-18 MB per GiB in memory). The fold reads none back: it adds lines and reads
   * those near the reading. After it, passes over the closures and the creations go in row order,
   * but the sessions' ends and first closures are read in the sessions' order, which is not the
   * lines': in a window of lines as wide as sessions live. At 64, the 2 GiB events log's passes
   * read 7,400 blocks back (2,364 in the hypotheses, 3,583 for the report); at 16, 19,500, for the
   * same peak RSS (302 MB, a copy of dist with the constant changed, /tmp/s30/mkinstr.sh).
   */
  static residentBlocks = 64;

  constructor(
    private readonly strings: Interner,
    residentBlocks = LineTable.residentBlocks,
  ) {
    defineHidden<LineTable>(this, "store" as keyof LineTable, new BlockStore<LineBlock>(residentBlocks, COLUMNS, "the line table"));
    this.block = this.newBlock();
  }

  /** How many blocks are out of memory. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** How many blocks were read back from the spill file: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack;
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
  creation(seq: number, at: number, line: number, fileCode: number, activeSessions: number | null, ordinal: number): number {
    this.add(seq, at, line, fileCode, activeSessions, 0, ordinal);
    return this.lastRow();
  }

  end(kind: SessionEndKind, seq: number, at: number, line: number, fileCode: number, ordinal: number): number {
    this.add(seq, at, line, fileCode, null, END_KIND_CODE.get(kind)!, -1 - ordinal);
    return this.lastRow();
  }

  /** How many lines were added: rows 0 to length - 1. */
  get length(): number {
    return this.lastRow() + 1;
  }

  /** The ordinal of the session whose creation was added as `row`, or -1 less the ordinal of the session whose end was. */
  sessionLineOf(row: number): number {
    return this.blockOf(row).session[row % BLOCK_ROWS]!;
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

  /** The block of the line added as `row` (a number over all blocks, as lastRow gives), resident. */
  private blockOf(row: number): LineBlock {
    return resident(this.blocks[Math.floor(row / BLOCK_ROWS)]!);
  }

  /** The number of the line added last, over all blocks. */
  private lastRow(): number {
    return (this.blocks.length - 1) * BLOCK_ROWS + this.used - 1;
  }

  private newBlock(): LineBlock {
    const block = new LineBlock(this.strings, this.store);
    this.blocks.push(block);
    this.store.added(block);
    return block;
  }

  /** The row of a new line, in `this.block` once it returns (which may be a new block). */
  private add(seq: number, at: number, line: number, fileCode: number, number: number | null, code: number, session = 0): number {
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
    if (session !== 0) block.session = put(block.session, row, session);
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
    return this.blockOf(row).seq.get(row % BLOCK_ROWS);
  }

  atOf(row: number): number {
    return this.blockOf(row).at.get(row % BLOCK_ROWS);
  }

  /** As LoggedStreamClosure.sessionCode. */
  sessionCodeOf(row: number): number {
    return this.blockOf(row).code[row % BLOCK_ROWS]!;
  }

  elapsedMsOf(row: number): number | null {
    return this.blockOf(row).number.get(row % BLOCK_ROWS);
  }

  private blockOf(row: number): LineBlock {
    return resident(this.blocks[Math.floor(row / BLOCK_ROWS)]!);
  }
}

/** A line of the log kept by the timeline: its row of a LineBlock, read through getters. */
abstract class LoggedLine {
  constructor(
    private readonly lineBlock: LineBlock,
    protected readonly row: number,
  ) {}

  /** The line's block, resident: read at each getter, since the record may outlive its block's stay in memory. */
  protected get block(): LineBlock {
    return resident(this.lineBlock);
  }

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
    const block = this.block;
    return block.strings.string(block.code[this.row]!) as string | null;
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
