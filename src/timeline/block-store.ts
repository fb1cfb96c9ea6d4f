import { withRoomFor } from "../grown-column.js";
import { SpillFile } from "./spill-file.js";

/*
 * Blocks of a table kept in memory only while used: past `bound` resident blocks, the least
 * recently used one's typed arrays are written to a temporary file (spill-file.ts) and dropped,
 * and read back when the block is used again. The block object stays, and so do its columns'
 * objects (their numbers, a Map of exceptions): only their typed arrays leave, so a record holding
 * a block (a LoggedRequest, a cursor, the matcher's waiting requests) holds it whatever happens to
 * its arrays.
 *
 * The invariant: a block's typed arrays are either all in memory (resident) or all in the file
 * (spilled, every holder's field null, so that a read that skipped `use` throws rather than reads
 * nothing); a resident block is `dirty` from its first write the file does not have until it is
 * written, and only a clean block is dropped without being written. So a write is never lost
 * (every writer marks its block dirty after `use`, in the same synchronous step, before any other
 * block is used and could evict it) and a read never sees an old copy (there is one copy in
 * memory, the one written; the file's is read only while none is in memory). The table's last
 * block, which rows are added to, is never dropped; nor is the block used last, so that a reader
 * that used it may keep reading it until it uses another. A block read back is read into a buffer
 * a dropped block left (take): the holders of that block's arrays are null by then, and the
 * buffer is moved to a new object (release), so an array of it kept by mistake reads as empty,
 * never as another block's rows.
 */

/**
 * Where a spilled array goes back: the field `path` names from the block (a column's field, or a
 * field of a column within it), a `type` of `length` (`byteLength` bytes) at `offset` of the
 * block's bytes. Nothing in it is the block's own, so blocks laid out alike share one layout
 * (BlockStore.layouts): an entry holding its holder was an object per array of every block
 * written, 8 MiB of the heap at the 16 GiB events log's walk's end (19,785 blocks), growing with it.
 */
interface SpilledArray {
  readonly path: readonly string[];
  readonly type: TypedArrayType;
  readonly length: number;
  readonly byteLength: number;
  readonly offset: number;
}

/**
 * A pass that reads rows in an order of their own (a session's or a client's, not the log's) can
 * use blocks over and over, each use a read of a quarter of a megabyte: the rules and hypotheses
 * after the fold of the 1 GiB events log read 151,000 blocks back with 16 in memory (28 s more,
 * node /tmp/s28/spill-stagemem.mjs). Past this many reads a block, the store stops dropping what it
 * reads back: memory grows back to what the blocks take, no more, and the time to a few reads a
 * block. A pass in row order reads each block back once: the fold's end made four when this was
 * measured (packClients' two, the sessions of requests' two: 491 reads of 123 blocks at 1 GiB, node
 * /tmp/s28/spill-who.mjs), two since packClients counts the clients' requests without their rows,
 * and the rules, hypotheses and report six more (the narrative, the longest survived gap, the uses
 * after a stream closed, the sent-back ids, two rules' evidence lines: 680). At 8 a block, those
 * passes stopped the dropping halfway through; 32 leaves room for them and for a few passes more,
 * and still bounds a pass in another order. 1 GiB events log, 3 runs: peak RSS 235-252 MB at 8,
 * 233-246 at 32; the 2 GiB log 345 MB at 32, 371 before the spill (db9c25c) (/usr/bin/time; a copy of dist with the constant changed).
 */
const READS_PER_BLOCK = 32;

/**
 * Buffers of dropped blocks kept for the next reads back, at most: a read back takes one, a drop
 * gives one, so a pass that reads blocks back holds one or two; more are left to the collector.
 * A new buffer each read back, the dropped one freed at the next young collection, the 2 GiB
 * events log's hypotheses allocated 152 MB in 737 reads of request blocks, and RSS grew with them
 * until a collection came; with the pool, 1.4 MB in 18 (node -r /tmp/s30/abtrace.cjs, an
 * instrumented copy: /tmp/s30/mkinstr.sh).
 */
const POOLED_BUFFERS = 8;

type TypedArrayType = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;

/** A block's state in the store. */
export class Residence {
  lastUse = 0;
  resident = true;
  /** Whether memory holds what the file does not (a new block, or one written since read back). */
  dirty = true;
  /** The arrays as laid out in the file at the last write (shared with the blocks laid out alike); null until written. */
  layout: readonly SpilledArray[] | null = null;
  position = 0;
  /** Bytes of the file the block may rewrite in place. */
  capacity = 0;
  size = 0;
  /** The buffer the block was read back into, while resident since; null for a block not read back. */
  loaded: ArrayBuffer | null = null;
}

/**
 * Sets `object[key]` to `value` out of sight of walks over an object's keys (deepFreeze, a test's
 * deep comparison): a store and a block's residence change at every read, whatever is frozen, and
 * a store's blocks lead back to it.
 */
export function defineHidden<T extends object>(object: T, key: keyof T, value: unknown) {
  Object.defineProperty(object, key, { value, enumerable: false, writable: false, configurable: false });
}

/** What a store keeps: a block whose fields named by the store's `columns` (typed arrays, or objects holding them at any depth) may leave memory. */
export interface Storable {
  readonly residence: Residence;
}

/** A block of one typed array, `values` (a store's columns: VALUES), for a list of numbers kept in blocks. */
export class ValuesBlock<T extends ArrayBufferView> implements Storable {
  /** Hidden, as the store's other blocks' (see defineHidden). */
  declare readonly residence: Residence;

  constructor(public values: T) {
    defineHidden<ValuesBlock<T>>(this, "residence", new Residence());
  }
}

/** The columns of a store of ValuesBlocks. */
export const VALUES = ["values"] as const;

/**
 * By block number, how many times a few bytes of a block out of memory were read or written alone
 * (readSpilled, writeSpilled) since the last time it was read back whole for that. Alone, a few
 * bytes cost a read of those bytes, not of the block; but a block asked one place after another
 * is cheaper read back once: the `limit`th ask reads it back whole, and its count starts again.
 */
export class SingleReads {
  private counts = new Uint8Array(64);

  constructor(private readonly limit: number) {
    if (!(limit >= 1 && limit <= 255)) throw new Error(`SingleReads: a limit of ${limit} asks`);
  }

  /** Whether block `index`, out of memory, is asked alone this time: else it is to be read back whole (use). */
  readAlone(index: number): boolean {
    if (this.counts.length <= index) this.counts = withRoomFor(this.counts, index);
    if (++this.counts[index]! < this.limit) return true;
    this.counts[index] = 0;
    return false;
  }
}

export class BlockStore<B extends Storable> {
  /** The block used last, resident: checked before anything else at each read, so a pass over one block's rows costs a comparison a read. */
  current: B | null = null;
  private readonly resident: B[] = [];
  private clock = 0;
  /** Opened at the first spill; null when it could not be made. */
  private file: SpillFile | null | undefined = undefined;
  /** False once a write failed: blocks then stay in memory, those spilled read back from what was written. */
  private writable = true;
  /** The block rows are added to. */
  private pinned: B | null = null;
  /** How many blocks the store was given. */
  private blocks = 0;
  /** Blocks read back so far; past READS_PER_BLOCK for each block, every block stays in memory once read back. */
  private reads = 0;
  /** Buffers of dropped blocks that were read back, each held by nothing else, for the next reads back (see take). */
  private readonly pool: ArrayBuffer[] = [];
  /** The layouts written, by their arrays' paths, types and lengths: a table's blocks have a few. */
  private readonly layouts = new Map<string, readonly SpilledArray[]>();

  constructor(
    /** How many blocks stay in memory at most (the last block and the one used last always do). */
    private readonly bound: number,
    /** The names of a block's fields that hold its columns. */
    private readonly columns: readonly string[],
    /** The table, as an error names it: "the request table". */
    private readonly table = "the request table",
  ) {}

  /** A block just made, to which rows are added until another is. */
  added(block: B) {
    this.blocks++;
    this.pinned = block;
    this.resident.push(block);
    this.evictOver();
  }

  /** Makes `block` resident and the one used last; before any read or write of it. */
  use(block: B) {
    const residence = block.residence;
    residence.lastUse = ++this.clock;
    this.current = block;
    if (residence.resident) return;
    this.load(block);
    this.resident.push(block);
    if (++this.reads > READS_PER_BLOCK * this.blocks) return;
    this.evictOver();
  }

  /**
   * `size` bytes from `byteOffset` of the array `block[key]` of a block out of memory, read from the
   * file into the start of `into`, the block left where it is: a few bytes of a block whose reader
   * wants no more (a session id's words, Interner.wordsOf) cost a read of those bytes, not of the block.
   */
  readSpilled(block: B, key: string, byteOffset: number, size: number, into: ArrayBuffer) {
    this.file!.read(spilledAt("readSpilled", block, key, byteOffset, size), size, into);
  }

  /**
   * Writes `from` at `byteOffset` of the array `block[key]` of a block out of memory, in the file,
   * the block left where it is: the file's copy is the block while it is out. False when the file
   * could not take it: the caller then writes it in memory, the block read back (use).
   */
  writeSpilled(block: B, key: string, byteOffset: number, from: ArrayBufferView): boolean {
    const position = spilledAt("writeSpilled", block, key, byteOffset, from.byteLength);
    if (!this.writable) return false;
    if (this.file!.write([from], [position])) return true;
    // As a block's failed write: blocks stay in memory from now on.
    this.writable = false;
    return false;
  }

  /** How many blocks are in the file only: for tests and measures. */
  get spilled(): number {
    return this.blocks - this.resident.length;
  }

  /** How many blocks were read back: for tests and measures. */
  get readBack(): number {
    return this.reads;
  }

  /** How many buffers wait to be read into: for tests. */
  get pooled(): number {
    return this.pool.length;
  }

  private evictOver() {
    const pinned = this.pinned;
    while (this.resident.length > this.bound) {
      let oldest = -1;
      for (let i = 0; i < this.resident.length; i++) {
        const block = this.resident[i]!;
        if (block === pinned || block === this.current) continue;
        if (oldest < 0 || block.residence.lastUse < this.resident[oldest]!.residence.lastUse) oldest = i;
      }
      if (oldest < 0 || !this.spill(this.resident[oldest]!)) return;
      this.resident.splice(oldest, 1);
    }
  }

  /** Writes the block's arrays if the file lacks them, then drops them; false when the file cannot take them (the block stays). */
  private spill(block: B): boolean {
    const residence = block.residence;
    if (residence.dirty && !this.write(block)) return false;
    const buffers = new Set<ArrayBuffer>();
    for (const { path } of residence.layout!) {
      const holder = holderOf(block, path);
      const key = path[path.length - 1]!;
      buffers.add((holder[key] as ArrayBufferView).buffer as ArrayBuffer);
      holder[key] = null;
    }
    // The buffer it was read back into goes to the next read, moved (release) so that any view
    // of it left behind reads nothing rather than another block's rows; a column widened since
    // has a buffer of its own, released.
    const loaded = residence.loaded;
    residence.loaded = null;
    if (loaded !== null) {
      buffers.delete(loaded);
      const moved = release(loaded);
      if (this.pool.length < POOLED_BUFFERS) this.pool.push(moved);
    }
    for (const buffer of buffers) release(buffer);
    residence.resident = false;
    return true;
  }

  private write(block: B): boolean {
    if (this.file === undefined) this.file = SpillFile.open(this.table);
    const file = this.file;
    if (file === null || !this.writable) return false;
    const residence = block.residence;
    const found: SpilledArray[] = [];
    const arrays: ArrayBufferView[] = [];
    let size = 0;
    for (const key of this.columns) size = collect(block as unknown as Record<string, unknown>, [key], found, arrays, size);
    const layout = this.shared(found);
    // In place when it fits (its arrays widen only), else at the end: a block read back and written again does not grow the file.
    const position = size <= residence.capacity ? residence.position : file.end;
    if (!file.write(arrays, layout.map((array) => position + array.offset))) {
      // What was written of this block may have overwritten its old copy: it stays in memory, dirty, and so does every block from now on.
      this.writable = false;
      return false;
    }
    if (size > residence.capacity) {
      residence.position = position;
      residence.capacity = size;
    }
    residence.layout = layout;
    residence.size = size;
    residence.dirty = false;
    return true;
  }

  private load(block: B) {
    const residence = block.residence;
    const buffer = this.file!.read(residence.position, residence.size, this.take(residence.size));
    for (const { path, type, length, offset } of residence.layout!) holderOf(block, path)[path[path.length - 1]!] = new type(buffer, offset, length);
    residence.loaded = buffer;
    residence.resident = true;
  }

  /** The layout written before that is `found`'s (its arrays' paths, types and lengths: their offsets follow), or `found`, kept for the next blocks. */
  private shared(found: SpilledArray[]): readonly SpilledArray[] {
    const signature = found.map(({ path, type, length }) => `${path.join(".")}:${type.name}:${length}`).join(" ");
    let layout = this.layouts.get(signature);
    if (layout === undefined) this.layouts.set(signature, (layout = found));
    return layout;
  }

  /**
   * A pooled buffer of at least `size` bytes, or null for a new one. Blocks of a table differ in
   * size by their widened columns: a buffer too small for this read may fit the next, but when
   * none fits the smallest goes, so that a pool of buffers too small for the table's blocks empties.
   */
  private take(size: number): ArrayBuffer | null {
    const pool = this.pool;
    let smallest = -1;
    for (let i = 0; i < pool.length; i++) {
      if (pool[i]!.byteLength >= size) return pool.splice(i, 1)[0]!;
      if (smallest < 0 || pool[i]!.byteLength < pool[smallest]!.byteLength) smallest = i;
    }
    if (smallest >= 0) pool.splice(smallest, 1);
    return null;
  }
}

/**
 * Where in the file `size` bytes from `byteOffset` of the array `block[key]` lie, for `caller`
 * (readSpilled, writeSpilled): the block must be out of memory, and the bytes within the array.
 */
function spilledAt(caller: string, block: Storable, key: string, byteOffset: number, size: number): number {
  const residence = block.residence;
  if (residence.resident) throw new Error(`${caller}: the block is in memory; use its ${key}`);
  const array = residence.layout!.find(({ path }) => path.length === 1 && path[0] === key);
  if (array === undefined || byteOffset < 0 || byteOffset + size > array.byteLength) throw new Error(`${caller}: no ${size} bytes at ${byteOffset} of the block's ${key}`);
  return residence.position + array.offset + byteOffset;
}

/**
 * Frees a dropped array's memory at the next young collection rather than the next full one: the
 * arrays of a block some seconds old have their objects in the old generation, which V8 collects
 * when it fills, and the memory they point to (outside the heap) stays until then: at the end of
 * the 1 GiB events log's fold, the arrays held 114 MB (as without spilling) or 71 MB, whenever the
 * last full collection came. Moved to a new object, made now (young), the memory goes with it; the
 * old arrays read as empty, but no field holds them any more. The new object is returned, for a
 * buffer kept to be read into (BlockStore.take).
 */
function release(buffer: ArrayBuffer): ArrayBuffer {
  return structuredClone(buffer, { transfer: [buffer] });
}

/** Lays out the typed arrays under the field `path` names from `size` on (8-byte aligned, for a Float64Array's view); the size after them. */
function collect(block: Record<string, unknown>, path: string[], layout: SpilledArray[], arrays: ArrayBufferView[], size: number): number {
  const value = holderOf(block, path)[path[path.length - 1]!];
  if (ArrayBuffer.isView(value)) {
    const offset = (size + 7) & ~7;
    const length = (value as unknown as { length: number }).length;
    layout.push({ path, type: value.constructor as TypedArrayType, length, byteLength: value.byteLength, offset });
    arrays.push(value);
    return offset + value.byteLength;
  }
  // A column, or a column within one (RepeatedOffsetColumn's OffsetColumn); a Map of exceptions stays.
  if (value === null || typeof value !== "object" || value instanceof Map) return size;
  for (const name of Object.keys(value)) size = collect(block, [...path, name], layout, arrays, size);
  return size;
}

/** The object whose field is the last of `path`: the block, or the column the path's other fields lead to from it. */
function holderOf(block: object, path: readonly string[]): Record<string, unknown> {
  let holder = block as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) holder = holder[path[i]!] as Record<string, unknown>;
  return holder;
}
