import type { LineRef } from "../events.js";
import { BlockStore, defineHidden, Residence, SingleReads, type Storable } from "./block-store.js";
import { put, RepeatedColumn, RepeatedOffsetColumn, TimeColumn } from "./exact-columns.js";
import { LifeSlots, type SlotHome } from "./life-slots.js";
import { countOf, groupRows, NO_ROWS, startOf, type GroupedRows, type SessionGrouping } from "./group-by-session.js";
import { NULL_CODE, type Interner } from "./interner.js";
import { NearColumn, NONE } from "./near-column.js";
import type { PackedRowBlocks } from "./packed-row-blocks.js";
import { END_KINDS, type ClosureList, type ClosureRecords, type LineTable, type LoggedCreation, type LoggedEnd, type LoggedStreamClosure } from "./line-table.js";
import type { RecordList, Session, SessionEndKind, StreamClosure } from "./model.js";
import type { LoggedRequest, RequestTable } from "./records.js";
import { PlacedRowList, RowList } from "./request-list.js";

/*
 * Sessions as rows of typed columns, a session known by its ordinal: the model hands out a record
 * made at each read (SessionTable.at), as it does requests, and nothing compares sessions by
 * identity. Its id, owner and instance are numbers of the strings in its row, and its creation and
 * end lines are rows of the line table, made into records when asked. With every field in an
 * object, a session was 128 bytes, two boxed times, and a record for each of its two lines: 9.1 MB
 * of the 100 MiB bench log's timeline; with an object kept per session holding its ordinal alone,
 * 32 bytes and a pointer in the list of them (28 MB of the heap at the 2 GiB log's fold end,
 * 735,262 sessions, where the run's peak is).
 */

/** The marks' bits (the life's MARKS): the end's kind in the low three, then the walk's flags. */
const KIND_BITS = 7;
/** A DELETE asked to end it: a server logs session_closed while handling one, before the DELETE's response line. */
const DELETE_ASKED = 8;
/** Its instance is settled: the one that created it (SessionTracker.settle). */
const SETTLED = 16;
/** A request of its came after its first stream closure, in log order (SessionTracker.onRequest). */
const USED_AFTER_CLOSURE = 32;

/** Rows per block (see records.ts). */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;

/** What the sessions' lists are read from, given at the end of the log; shared by the table's blocks. */
interface Lists {
  requests: GroupedRows;
}

/**
 * A session's numbers written along its life (LifeBlock.life), LIFE a session side by side: its
 * end's row in the line table plus one (0 for none); its marks, the end's kind and the walk's
 * flags (KIND_BITS, DELETE_ASKED, SETTLED, USED_AFTER_CLOSURE); its stream closures, counted,
 * and the first's row of the closures' table plus one (0 for none), noted as the walk meets them:
 * the classification's sweep, behind the walk, asks whether a lost session's stream had closed.
 */
const END = 0;
const MARKS = 1;
const CLOSURES = 2;
const FIRST_CLOSURE = 3;
const LIFE = 4;

/** The walk's slots of the sessions' lives while it runs (LifeSlots); null once it told everything (SessionTable.holdRequests). */
interface Walk {
  slots: LifeSlots | null;
}

/**
 * A SessionBlock's fields that leave memory (block-store.ts), written when its sessions start and
 * read by the passes after the fold, which go in ordinal order.
 */
const COLUMNS = ["startSeq", "startAt", "startLine", "startFile", "created", "owner", "instance", "createdBy", "id"] as const;

/**
 * The lives of a block's sessions (LIFE numbers a session side by side, so that one read of the
 * file gives a session's), in a store of their own, since the passes after the fold that read them
 * (the census, the orphans, the eviction hypothesis) mostly read nothing else: stored with the rest
 * of the block, they doubled its size, and the 1 GiB events log read 228 MB of session blocks back
 * where it had read 77. While the walk runs they are kept in slots (LifeSlots): read through the
 * store, the walk of the 1 GiB events log asked for blocks of old sessions at every session's end
 * and stream closure, and with 32 blocks kept would have read 45,669 back (an LRU simulated on
 * every read, node -r /tmp/s32/sa.cjs). A session out of the slots and of the blocks in memory has
 * its 16 bytes read from the file and written there alone (readSpilled, writeSpilled), up to
 * SINGLES_PER_BLOCK - 1 times a block before the block is read back whole: whole blocks read at
 * each (some 100 KB for 16 bytes, 8,246 times in the 4 GiB log's walk) made the run 7 % slower
 * (README, stop 34). Kept in memory for every session, as they were, they grew with the log:
 * 13.8 MiB at the 4 GiB events log's hypotheses (a heap snapshot, bench/heap-retained.mjs).
 */
class LifeBlock {
  /** Hidden, as a session block's. */
  declare readonly residence: Residence;
  declare readonly store: BlockStore<LifeBlock>;
  /**
   * END, MARKS, CLOSURES and FIRST_CLOSURE of each session. The end's row: sessions end in any
   * order, a block's spread over 278,000 rows at 1 GiB. The end's kind (a number of END_KINDS plus one, 0 for none) is kept beside the row rather than
   * read from it: the passes that read every session's kind would read the line table in the
   * sessions' order, which is not the ends', and its blocks leave memory.
   */
  life = new Int32Array(LIFE * BLOCK_ROWS);

  constructor(store: BlockStore<LifeBlock>) {
    defineHidden<LifeBlock>(this, "store", store);
    defineHidden<LifeBlock>(this, "residence", new Residence());
  }
}

const LIFE_COLUMNS = ["life"] as const;

class SessionBlock {
  /** Hidden, as the store (see defineHidden). */
  declare readonly residence: Residence;
  declare readonly store: BlockStore<SessionBlock>;
  startSeq: Uint32Array | Float64Array = new Uint32Array(BLOCK_ROWS);
  readonly startAt = new TimeColumn(BLOCK_ROWS);
  /** From the start's log position. */
  readonly startLine = new RepeatedOffsetColumn(BLOCK_ROWS);
  readonly startFile = new RepeatedColumn(BLOCK_ROWS);
  /** The creation's row in the line table: NONE for none. */
  readonly created = new NearColumn(BLOCK_ROWS);
  /** Numbers of the table's strings. */
  /** A client key's number, narrow as a request's (see records.ts). */
  owner: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS).fill(NULL_CODE);
  /**
   * The instance the session lives on: where it was first seen until the walk settles it on the
   * one that created it (SETTLED), which is its instance. The walk kept where each lived in a
   * column of its own by ordinal, with a byte for DELETE_ASKED: 5 MB at the 2 GiB events log's
   * fold's end (an Int32Array and a Uint8Array grown by doubling), where the run's peak is.
   */
  instance: Int16Array | Int32Array | Float64Array = new Int16Array(BLOCK_ROWS).fill(NULL_CODE);
  /** The initialize's row of the request table: NONE for none. */
  readonly createdBy = new NearColumn(BLOCK_ROWS);
  /** The session id's number in the table's strings. */
  readonly id = new NearColumn(BLOCK_ROWS);
  readonly strings: Interner;
  /** The walk's slots, shared by the table's blocks: hidden, as the store. */
  declare readonly walk: Walk;

  constructor(
    readonly requests: RequestTable,
    readonly lines: LineTable,
    /** The stream closures' records: rows of a line table of their own (see SessionTracker.onStreamClosed). */
    readonly closures: ClosureRecords,
    readonly lists: Lists,
    /** Its sessions' lives. */
    readonly lives: LifeBlock,
    store: BlockStore<SessionBlock>,
    walk: Walk,
  ) {
    this.strings = requests.strings;
    defineHidden<SessionBlock>(this, "store", store);
    defineHidden<SessionBlock>(this, "residence", new Residence());
    defineHidden<SessionBlock>(this, "walk", walk);
  }
}

/** Number `field` of the life of the session numbered `ordinal`, of `block`: its slot's while the walk runs. */
function lifeOf(block: SessionBlock, ordinal: number, field: number): number {
  const slots = block.walk.slots;
  return slots !== null ? slots.get(ordinal, field) : stored(block.lives).life[LIFE * (ordinal & (BLOCK_ROWS - 1)) + field]!;
}

/** Sets number `field` of the life of the session numbered `ordinal` (as lifeOf reads it). */
function setLife(block: SessionBlock, ordinal: number, field: number, value: number) {
  const slots = block.walk.slots;
  if (slots !== null) slots.set(ordinal, field, value);
  else written(block.lives).life[LIFE * (ordinal & (BLOCK_ROWS - 1)) + field] = value;
}

/**
 * A block of lives out of memory whose sessions were read or written alone from the file this many
 * times is read back whole, and the count starts again (LivesInBlocks, SingleReads), as the
 * interner does an id block's (WHOLE_BLOCK_MISSES). A log of sessions made one after another and never used again
 * gives the slots back in the order the sessions were made, each session's 16 bytes written alone
 * to a block out of memory: 672,268 sessions made (80 MB of session_created lines) wrote one each,
 * 2.9 s of the run's 5.1 (node --cpu-prof, writeBuffers).
 */
export const SINGLES_PER_BLOCK = 32;

/** The sessions' lives out of the slots: in their blocks, in memory or in the file, a session's read or written alone from there. */
class LivesInBlocks implements SlotHome {
  private readonly bytes = new Int32Array(LIFE);
  /** By block: its sessions read or written alone since it was last read back whole. */
  private readonly singles = new SingleReads(SINGLES_PER_BLOCK);

  constructor(private readonly blocks: readonly SessionBlock[]) {}

  read(ordinal: number, into: Int32Array, at: number) {
    const index = ordinal >>> BLOCK_BITS;
    const lives = this.blocks[index]!.lives;
    const from = LIFE * (ordinal & (BLOCK_ROWS - 1));
    if (!lives.residence.resident && this.singles.readAlone(index)) {
      lives.store.readSpilled(lives, "life", 4 * from, 4 * LIFE, this.bytes.buffer as ArrayBuffer);
      into.set(this.bytes, at);
      return;
    }
    // A loop, not a subarray to `set`: a subarray a session taken into the slots was 58 MiB of
    // the 1 GiB events log's allocations (a sampling heap profile, collected objects counted).
    const life = stored(lives).life;
    for (let k = 0; k < LIFE; k++) into[at + k] = life[from + k]!;
  }

  write(ordinal: number, from: Int32Array, at: number) {
    const index = ordinal >>> BLOCK_BITS;
    const lives = this.blocks[index]!.lives;
    const to = LIFE * (ordinal & (BLOCK_ROWS - 1));
    if (!lives.residence.resident && this.singles.readAlone(index) && lives.store.writeSpilled(lives, "life", 4 * to, from.subarray(at, at + LIFE))) return;
    const life = written(lives).life;
    for (let k = 0; k < LIFE; k++) life[to + k] = from[at + k]!;
  }
}

/** `block` (a session block, or a block of lives) with its stored columns in memory, the one its store used last (see block-store.ts). */
function stored<B extends Storable & { readonly store: BlockStore<B> }>(block: B): B {
  if (block.store.current !== block) block.store.use(block);
  return block;
}

/** As stored, for a write: the file's copy of the block is old from now on. */
function written<B extends Storable & { readonly store: BlockStore<B> }>(block: B): B {
  stored(block).residence.dirty = true;
  return block;
}

/**
 * The sessions of a timeline, a row each in the order they were first seen: a session's ordinal is
 * its position, and the table is the timeline's list of them (Timeline.sessions).
 */
export class SessionTable implements RecordList<LoggedSession> {
  private readonly blocks: SessionBlock[] = [];
  private block: SessionBlock;
  private used = 0;
  private count = 0;
  private readonly lists: Lists = { requests: NO_ROWS };
  /** Which blocks' stored columns are in memory (block-store.ts): every read and write of them goes through `stored` or `written`. */
  declare private readonly store: BlockStore<SessionBlock>;
  /** Which blocks' lives are (LifeBlock): through `stored` and `written` too. */
  declare private readonly lifeStore: BlockStore<LifeBlock>;
  /** The walk's slots, shared by the blocks: hidden, as the store. */
  declare private readonly walk: Walk;

  /** Sessions whose lives the walk keeps in slots at most: more than a busy server keeps alive at once (some 0.7 MB). */
  static lifeSlots = 1 << 15;

  /**
   * Blocks whose stored columns stay in memory at most by default (and as many of lives, 64 KiB
   * each): 32 of some 75 KB each, of 91 at 1 GiB and 180 at 2. The walk reads the sessions of its
   * requests, most of them recent; the passes after the fold go in ordinal order, each block read
   * once a pass. At 16 the simulation
   * (see COLUMNS) read 2,774 blocks back after the 1 GiB log's fold, at 32 1,485, at 64 1,171.
   */
  static residentBlocks = 32;

  /** `lines` holds the sessions' creation and end lines, `closureLines` their stream closures; `requests`, the requests that use them. */
  constructor(
    private readonly requests: RequestTable,
    /** The sessions' creation and end lines, a row each (see LineTable.sessionLineOf). */
    readonly lines: LineTable,
    private readonly closureLines: LineTable,
    residentBlocks = SessionTable.residentBlocks,
  ) {
    const store = new BlockStore<SessionBlock>(residentBlocks, COLUMNS, "the session table");
    defineHidden<SessionTable>(this, "store" as keyof SessionTable, store);
    defineHidden<SessionTable>(this, "lifeStore" as keyof SessionTable, new BlockStore<LifeBlock>(residentBlocks, LIFE_COLUMNS, "the session table"));
    defineHidden<SessionTable>(this, "walk" as keyof SessionTable, { slots: new LifeSlots(LIFE, SessionTable.lifeSlots, new LivesInBlocks(this.blocks)) });
    this.block = this.newBlock();
  }

  /** How many blocks (of stored columns, and of lives) are out of memory. */
  get spilledBlocks(): number {
    return this.store.spilled + this.lifeStore.spilled;
  }

  /** How many blocks were read back from the spill file: for tests and measures. */
  get blocksReadBack(): number {
    return this.store.readBack + this.lifeStore.readBack;
  }

  private newBlock(): SessionBlock {
    const lives = new LifeBlock(this.lifeStore);
    const block = new SessionBlock(this.requests, this.lines, this.closureLines.closures, this.lists, lives, this.store, this.walk);
    this.blocks.push(block);
    this.store.added(block);
    this.lifeStore.added(lives);
    return block;
  }

  /** How many sessions were seen. */
  get length(): number {
    return this.count;
  }

  /** The session at position `index`, a new record at each call; undefined past either end (a negative index counts from the end). */
  at(index: number): LoggedSession | undefined {
    const i = index < 0 ? index + this.count : index;
    return i >= 0 && i < this.count ? new LoggedSession(this.blocks, i) : undefined;
  }

  /** The session numbered `ordinal`, which must be one of the table's: a new record. */
  sessionAt(ordinal: number): LoggedSession {
    return new LoggedSession(this.blocks, ordinal);
  }

  *[Symbol.iterator](): Iterator<LoggedSession> {
    for (let i = 0; i < this.count; i++) yield new LoggedSession(this.blocks, i);
  }

  /** At the end of the log, once the walk told everything: the sessions' requests (rows of the request table), by ordinal, grouped; the walk's slots written to the blocks. */
  holdRequests(grouping: SessionGrouping) {
    this.walk.slots?.writeAll();
    this.walk.slots = null;
    this.lists.requests = groupRows(grouping);
  }

  /**
   * Whether the session numbered `ordinal` has an owner, and noting one (`clientCode`, a request's),
   * without its object: the walk notes the owner at every request of a session, and reading the
   * object (a pointer from the list of sessions, then the object, each where the heap put it) was
   * two cache misses a request at 1 GiB.
   */
  ownedAt(ordinal: number): boolean {
    return stored(this.blocks[ordinal >>> BLOCK_BITS]!).owner[ordinal & (BLOCK_ROWS - 1)] !== NULL_CODE;
  }

  /** The row of the session_created line noted for the session numbered `ordinal` (its latest: see noteCreated), -1 for none. */
  createdRowAt(ordinal: number): number {
    const row = stored(this.blocks[ordinal >>> BLOCK_BITS]!).created.get(ordinal & (BLOCK_ROWS - 1));
    return row === NONE ? -1 : row;
  }

  ownAt(ordinal: number, clientCode: number) {
    const block = written(this.blocks[ordinal >>> BLOCK_BITS]!);
    block.owner = put(block.owner, ordinal & (BLOCK_ROWS - 1), clientCode);
  }

  /**
   * The session numbered `ordinal` had a stream closure, at `row` of the closures' table: the walk
   * meets them in log order. Whether it was the session's first.
   */
  noteClosure(ordinal: number, row: number): boolean {
    const block = this.blocks[ordinal >>> BLOCK_BITS]!;
    const count = lifeOf(block, ordinal, CLOSURES);
    if (count === 0) setLife(block, ordinal, FIRST_CLOSURE, row + 1);
    setLife(block, ordinal, CLOSURES, count + 1);
    return count === 0;
  }

  /** The session numbered `ordinal` was used by a request after its first stream closure. */
  noteUsedAfterClosure(ordinal: number) {
    const block = this.blocks[ordinal >>> BLOCK_BITS]!;
    setLife(block, ordinal, MARKS, lifeOf(block, ordinal, MARKS) | USED_AFTER_CLOSURE);
  }

  /**
   * A session first seen at `seq`, line `line` of the file numbered `fileCode`, its id numbered
   * `idCode` in the strings: its ordinal is the number of sessions before it.
   */
  add(idCode: number, seq: number, at: number, line: number, fileCode: number, instanceCode = NULL_CODE): LoggedSession {
    if (this.used === BLOCK_ROWS) {
      this.block = this.newBlock();
      this.used = 0;
    }
    const block = written(this.block);
    block.id.set(this.used, idCode);
    if (instanceCode !== NULL_CODE) block.instance = put(block.instance, this.used, instanceCode);
    this.used++;
    const session = new LoggedSession(this.blocks, this.count++);
    session.moveStart(seq, at, line, fileCode);
    return session;
  }
}

/**
 * A session as the tracker fills it in (see track-sessions.ts); handed out read-only as a Session.
 * A record made at each read of the table (SessionTable.at), held only as long as its reader holds
 * it: two fields and a constructor of its own, where a subclass made per table (which found the
 * blocks in its closure) spent 88 ms of constructors on the 1 GiB events log (node --cpu-prof).
 */
export class LoggedSession implements Session {
  constructor(
    /** The table's blocks (SessionTable), each BLOCK_ROWS sessions. */
    private readonly blocks: readonly SessionBlock[],
    /** The session's position in the order sessions were first seen. */
    readonly ordinal: number,
  ) {}

  /** The block of the session's row, for the columns that stay in memory and the fields every block shares. */
  private get block(): SessionBlock {
    return this.blocks[this.ordinal >>> BLOCK_BITS]!;
  }

  /** The block with its stored columns (COLUMNS) in memory, to read them; read again at each read, since another block's use may have dropped them. */
  private get stored(): SessionBlock {
    return stored(this.blocks[this.ordinal >>> BLOCK_BITS]!);
  }

  /** As stored, to write them. */
  private get written(): SessionBlock {
    return written(this.blocks[this.ordinal >>> BLOCK_BITS]!);
  }

  /** The session's row of its block: blocks hold BLOCK_ROWS sessions each, in order. */
  private get row(): number {
    return this.ordinal & (BLOCK_ROWS - 1);
  }

  get id(): string {
    return this.block.strings.string(this.stored.id.get(this.row))!;
  }

  /** The id's number in the timeline's strings. */
  get idCode(): number {
    return this.stored.id.get(this.row);
  }

  /**
   * A new list at each ask, its rows found from the first when one is read (FoundClosures): the
   * report reads the count of the sessions it lists, the rules the first closure; every session's
   * rows side by side were 2.8 MB at 1 GiB. Those the walk has met.
   */
  get streamClosures(): ClosureList {
    const { block, ordinal } = this;
    return new FoundClosures(block.closures, lifeOf(block, ordinal, FIRST_CLOSURE) - 1, this.idCode, lifeOf(block, ordinal, CLOSURES));
  }

  /**
   * A new list at each ask, of rows of every session's side by side (groupRows): a list of its own
   * per session took 48 bytes besides its items (1.8 MB of the 100 MiB bench log's timeline). The
   * rules and the report ask a few times per session. Empty until the end of the log.
   */
  get requests(): RowList {
    const requests = this.block.lists.requests;
    return new PlacedRowList(this.block.requests, requests.rows, startOf(requests, this.ordinal), countOf(requests, this.ordinal));
  }

  /*
   * Read from the rows, for the passes over every session (371,304 at 1 GiB): the lists and
   * records above are an object or two per session and ask.
   */

  /** How many requests used it: its list's length. */
  get requestCount(): number {
    return countOf(this.block.lists.requests, this.ordinal);
  }

  /** Its requests are rows requestRows.get(requestsFrom) to requestRows.get(requestsFrom + requestCount - 1) of requestTable. */
  get requestsFrom(): number {
    return startOf(this.block.lists.requests, this.ordinal);
  }

  /** Every session's requests' rows, side by side. */
  get requestRows(): PackedRowBlocks {
    return this.block.lists.requests.rows;
  }

  /** Every session's requests' rows, side by side, and where each session's start (by its ordinal). */
  get requestGrouping(): GroupedRows {
    return this.block.lists.requests;
  }

  get requestTable(): RequestTable {
    return this.block.requests;
  }

  /** The log position of its last request, -1 for none. */
  get lastRequestSeq(): number {
    const requests = this.block.lists.requests;
    const count = countOf(requests, this.ordinal);
    return count === 0 ? -1 : this.block.requests.seqOf(requests.rows.get(startOf(requests, this.ordinal) + count - 1));
  }

  /** The log position of its first stream closure, Infinity for none (as far as the walk has met them). */
  get firstStreamClosureSeq(): number {
    const row = lifeOf(this.block, this.ordinal, FIRST_CLOSURE);
    return row === 0 ? Infinity : this.block.closures.seqOf(row - 1);
  }

  /** Whether its session_created line was logged. */
  get hasCreation(): boolean {
    return this.stored.created.get(this.row) !== NONE;
  }

  /** Its initialize's time: only when it has one (createdByRow). */
  get createdByAt(): number {
    return this.block.requests.atOf(this.stored.createdBy.get(this.row));
  }

  /** The initialize whose response (or session_created line) gave this id: a new record at each ask. */
  get createdBy(): LoggedRequest | null {
    const row = this.createdByRow;
    return row === -1 ? null : this.block.requests.record(row);
  }

  /** The initialize's row of the request table, or -1 for none: compared without making the record. */
  get createdByRow(): number {
    return this.stored.createdBy.get(this.row);
  }

  noteCreatedBy(row: number) {
    this.written.createdBy.set(this.row, row);
  }

  /**
   * Whether a request of its came after its first stream closure (SessionTable.noteUsedAfterClosure):
   * its last request's position against its first closure's, told by the walk.
   */
  get usedAfterStreamClosed(): boolean {
    return (lifeOf(this.block, this.ordinal, MARKS) & USED_AFTER_CLOSURE) !== 0;
  }

  /** Its first stream closure, without making the list of them (one list per session asked). */
  get firstStreamClosure(): StreamClosure | null {
    const row = lifeOf(this.block, this.ordinal, FIRST_CLOSURE);
    return row === 0 ? null : this.block.closures.record(row - 1);
  }

  get created(): LoggedCreation | null {
    const row = this.stored.created.get(this.row);
    return row === NONE ? null : this.block.lines.creationAt(row);
  }

  get end(): LoggedEnd | null {
    const row = lifeOf(this.block, this.ordinal, END);
    return row === 0 ? null : this.block.lines.endAt(row - 1);
  }

  /**
   * Where and when its session_created line and its end were logged (a position Infinity when
   * not; a time only when logged), and how it ended, without making their records: passes over
   * every session read only these.
   */
  get creationSeq(): number {
    const row = this.stored.created.get(this.row);
    return row === NONE ? Infinity : this.block.lines.seqOf(row);
  }

  get creationAt(): number {
    return this.block.lines.atOf(this.stored.created.get(this.row));
  }

  get endSeq(): number {
    const row = lifeOf(this.block, this.ordinal, END);
    return row === 0 ? Infinity : this.block.lines.seqOf(row - 1);
  }

  get endAt(): number {
    return this.block.lines.atOf(lifeOf(this.block, this.ordinal, END) - 1);
  }

  get endKind(): SessionEndKind | null {
    const code = lifeOf(this.block, this.ordinal, MARKS) & KIND_BITS;
    return code === 0 ? null : END_KINDS[code - 1]!;
  }

  /** Whether the session ended, without making its end. */
  get ended(): boolean {
    return lifeOf(this.block, this.ordinal, END) !== 0;
  }

  get owner(): string | null {
    return this.block.strings.string(this.stored.owner[this.row]!) as string | null;
  }

  get instance(): string | null {
    return this.block.strings.string(this.instanceCode) as string | null;
  }

  /** The instance's number in the timeline's strings, NULL_CODE until settled. */
  get instanceCode(): number {
    return (lifeOf(this.block, this.ordinal, MARKS) & SETTLED) !== 0 ? this.stored.instance[this.row]! : NULL_CODE;
  }

  /** The number of the instance it lives on: its instance once settled, before that where it was first seen. */
  get homeCode(): number {
    return this.stored.instance[this.row]!;
  }

  /** Whether a DELETE asked to end it. */
  get deleteAsked(): boolean {
    return (lifeOf(this.block, this.ordinal, MARKS) & DELETE_ASKED) !== 0;
  }

  noteDeleteAsked() {
    const { block, ordinal } = this;
    setLife(block, ordinal, MARKS, lifeOf(block, ordinal, MARKS) | DELETE_ASKED);
  }

  get startSeq(): number {
    return this.stored.startSeq[this.row]!;
  }

  get startAt(): number {
    return this.stored.startAt.get(this.row);
  }

  get startRef(): LineRef {
    const { stored: block, row } = this;
    return { file: block.strings.string(block.startFile.get(row))!, line: block.startLine.get(row, block.startSeq[row]!) };
  }

  /** `row` is the session_created line's row in the line table. */
  noteCreated(row: number) {
    this.written.created.set(this.row, row);
  }

  /** `row` is the end line's row in the line table. */
  noteEnd(row: number) {
    const { block, ordinal } = this;
    setLife(block, ordinal, END, row + 1);
    setLife(block, ordinal, MARKS, (lifeOf(block, ordinal, MARKS) & ~KIND_BITS) | (END_KINDS.indexOf(block.lines.endKindOf(row)) + 1));
  }

  /**
   * The owner's key as its number in the timeline's strings (a request's clientCode), NULL_CODE
   * for none: compared without making the string, which at 1 GiB was a cache miss per session.
   */
  get ownerCode(): number {
    return this.stored.owner[this.row]!;
  }

  /** Whether an owner was noted. */
  get owned(): boolean {
    return this.stored.owner[this.row] !== NULL_CODE;
  }

  /** The client of `request` owns the session. */
  ownedBy(request: LoggedRequest) {
    const { written: block } = this;
    block.owner = put(block.owner, this.row, request.clientCode);
  }

  settleOn(instance: string | null) {
    this.settleOnCode(instance === null ? NULL_CODE : this.block.strings.code(instance));
  }

  /** As settleOn, the instance as its number in the timeline's strings, as the walk holds it: no lookup. */
  settleOnCode(instanceCode: number) {
    const { written: block, ordinal } = this;
    block.instance = put(block.instance, this.row, instanceCode);
    setLife(block, ordinal, MARKS, lifeOf(block, ordinal, MARKS) | SETTLED);
  }

  /**
   * The session is known to exist from this line: where it was first seen, or its initialize, found
   * later. The file comes as its number in the strings, as the walk's request or line holds it: a
   * reference made of it (an object) and its file looked up again cost a lookup per session and move.
   */
  moveStart(seq: number, at: number, line: number, fileCode: number) {
    const { written: block, row } = this;
    block.startSeq = put(block.startSeq, row, seq);
    block.startAt.set(row, at);
    block.startLine.set(row, seq, line);
    block.startFile.set(row, fileCode);
  }
}

/**
 * A session's stream closures: the closures of its id from its first on, as many as it has (a
 * closure of the id before the first was logged before the session was known, and is none of
 * its), found when a row is first read. Found at each ask, the first 1,000 sessions of the 1 GiB
 * bench log (the report's, which reads their count) made a walk over as many as 726,000 closures each.
 */
class FoundClosures extends RowList<LoggedStreamClosure, ClosureRecords> {
  private found: Int32Array | null = null;

  constructor(
    table: ClosureRecords,
    private readonly first: number,
    /** The session id's number in the strings. */
    private readonly id: number,
    length: number,
  ) {
    super(table, null, 0, length);
  }

  override row(index: number): number {
    return (this.found ??= this.find())[index]!;
  }

  override slice(start: number, end: number): ClosureList {
    return new RowList(this.table, this.found ??= this.find(), start, end - start);
  }

  private find(): Int32Array {
    const rows = new Int32Array(this.length);
    for (let row = this.first, found = 0; found < rows.length; row++) if (this.table.sessionCodeOf(row) === this.id) rows[found++] = row;
    return rows;
  }
}
