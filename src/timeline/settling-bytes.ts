import { withRoomFor } from "../grown-column.js";

/** Places per block: 16 KB while dense. */
const BLOCK_BITS = 14;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;
/**
 * A dense block whose unsettled places fall to this many is made compact; a compact one whose
 * exceptions pass twice as many is made dense again, so that a block does not flip at each write.
 * The bench logs' long-lived sessions, which stay unsettled, are some 40 a block of 16,384
 * (3,800 of the 4 GiB pino log's 1.5 million sessions): compact, a block of them takes about 2.8 KB.
 */
const COMPACT_AT = 256;
const DENSE_PAST = 2 * COMPACT_AT;

/** A block: its bytes, or (compact) a bit per place for the two settled values and the other places' values aside, sorted by place. */
class Block {
  dense: Uint8Array | null = new Uint8Array(BLOCK);
  /** While dense: how many places hold neither settled value. */
  unsettled = BLOCK;
  /** While compact: a bit set where the place holds the second settled value; null while none does. */
  bits: Uint8Array | null = null;
  places: Uint16Array | null = null;
  values: Uint8Array | null = null;
  count = 0;
}

/**
 * Bytes by index (0 where not written), most of which come to rest at one of two values and stay
 * there: a session's state in the reinitialization sweep (ended or ended after an initialize saw
 * it alive) or among the instances' live sessions (left). A block of 16,384 whose places have
 * nearly all settled keeps a bit for each (which of the two) and the few others aside: about 2 KB,
 * or none when no place holds the second value. A byte a session ever made was 5.6 MiB each of
 * the 16 GiB events log's walk's two state columns, growing with the log; those kept aside grow
 * with the sessions not settled, the live ones.
 */
export class SettlingBytes {
  private readonly blocks: Block[] = [];
  length = 0;

  /** `first` and `second` (-1: none), the values places settle at: neither 0, a place not written. */
  constructor(
    private readonly first: number,
    private readonly second: number,
  ) {
    if (first === 0 || second === 0) throw new Error("SettlingBytes: a place not written (0) is not settled");
  }

  /** Room for index `i`, the places before it kept (0 where new). */
  reach(i: number) {
    if (i < this.length) return;
    this.length = i + 1;
    while (this.blocks.length << BLOCK_BITS < this.length) this.blocks.push(new Block());
  }

  get(i: number): number {
    const block = this.blocks[i >>> BLOCK_BITS]!;
    const place = i & BLOCK_MASK;
    if (block.dense !== null) return block.dense[place]!;
    const k = findPlace(block.places!, block.count, place);
    if (k >= 0) return block.values![k]!;
    return block.bits !== null && ((block.bits[place >>> 3]! >>> (place & 7)) & 1) === 1 ? this.second : this.first;
  }

  set(i: number, value: number) {
    const block = this.blocks[i >>> BLOCK_BITS]!;
    const place = i & BLOCK_MASK;
    const dense = block.dense;
    if (dense !== null) {
      const wasSettled = this.isSettled(dense[place]!);
      dense[place] = value;
      const settled = this.isSettled(value);
      if (settled === wasSettled) return;
      if (!settled) block.unsettled++;
      else if (--block.unsettled <= COMPACT_AT) this.compact(block);
      return;
    }
    const k = findPlace(block.places!, block.count, place);
    if (this.isSettled(value)) {
      if (k >= 0) removeAt(block, k);
      if (value === this.second) {
        block.bits ??= new Uint8Array(BLOCK >>> 3);
        block.bits[place >>> 3]! |= 1 << (place & 7);
      } else if (block.bits !== null) block.bits[place >>> 3]! &= ~(1 << (place & 7));
      return;
    }
    if (k >= 0) {
      block.values![k] = value;
      return;
    }
    insertAt(block, -1 - k, place, value);
    if (block.count > DENSE_PAST) this.makeDense(block);
  }

  /** How many blocks are compact: for tests and measures. */
  get compactBlocks(): number {
    let count = 0;
    for (const block of this.blocks) if (block.dense === null) count++;
    return count;
  }

  /** Bytes the blocks' arrays take: for tests and measures. */
  get bytesHeld(): number {
    let bytes = 0;
    for (const block of this.blocks) bytes += (block.dense?.byteLength ?? 0) + (block.bits?.byteLength ?? 0) + (block.places?.byteLength ?? 0) + (block.values?.byteLength ?? 0);
    return bytes;
  }

  private isSettled(value: number): boolean {
    return value === this.first || value === this.second;
  }

  private compact(block: Block) {
    const dense = block.dense!;
    const places = new Uint16Array(Math.max(8, block.unsettled));
    const values = new Uint8Array(places.length);
    let bits: Uint8Array | null = null;
    let count = 0;
    for (let place = 0; place < BLOCK; place++) {
      const value = dense[place]!;
      if (value === this.first) continue;
      if (value === this.second) {
        bits ??= new Uint8Array(BLOCK >>> 3);
        bits[place >>> 3]! |= 1 << (place & 7);
        continue;
      }
      places[count] = place;
      values[count++] = value;
    }
    block.dense = null;
    block.bits = bits;
    block.places = places;
    block.values = values;
    block.count = count;
  }

  private makeDense(block: Block) {
    const dense = new Uint8Array(BLOCK);
    const { bits, places, values, count } = block;
    dense.fill(this.first);
    if (bits !== null) for (let place = 0; place < BLOCK; place++) if (((bits[place >>> 3]! >>> (place & 7)) & 1) === 1) dense[place] = this.second;
    for (let k = 0; k < count; k++) dense[places![k]!] = values![k]!;
    block.dense = dense;
    block.unsettled = count;
    block.bits = block.places = block.values = null;
    block.count = 0;
  }
}

/** The index of `place` among the first `count` of `places` (ascending), or -1 less where it would go. */
function findPlace(places: Uint16Array, count: number, place: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = places[middle]!;
    if (found < place) low = middle + 1;
    else if (found > place) high = middle - 1;
    else return middle;
  }
  return -1 - low;
}

function insertAt(block: Block, k: number, place: number, value: number) {
  if (block.count === block.places!.length) {
    block.places = withRoomFor(block.places!, block.count);
    block.values = withRoomFor(block.values!, block.count);
  }
  const { places, values } = block;
  places!.copyWithin(k + 1, k, block.count);
  values!.copyWithin(k + 1, k, block.count);
  places![k] = place;
  values![k] = value;
  block.count++;
}

function removeAt(block: Block, k: number) {
  block.places!.copyWithin(k, k + 1, block.count);
  block.values!.copyWithin(k, k + 1, block.count);
  block.count--;
}
