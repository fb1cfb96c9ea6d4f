import { withRoomFor } from "../grown-column.js";

/** Steps a chunk holds: a client's last chunk is partly empty, at most this many slots short. */
const CHUNK = 32;
const BLOCK_BITS = 16;
const BLOCK_SLOTS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_SLOTS - 1;
type Block = Uint8Array | Int8Array | Int16Array | Int32Array;
/**
 * The slots' widths, narrowest first, and the numbers each holds: half a byte (two slots a byte)
 * while a log has at most 8 steps (the bench logs have 3 and 8), then a byte, 16 bits, 32 (hostile
 * input can have a method per request).
 */
const WIDTHS = [
  { make: (): Block => new Uint8Array(BLOCK_SLOTS / 2), min: -8, max: 7 },
  { make: (): Block => new Int8Array(BLOCK_SLOTS), min: -0x80, max: 0x7f },
  { make: (): Block => new Int16Array(BLOCK_SLOTS), min: -0x8000, max: 0x7fff },
  { make: (): Block => new Int32Array(BLOCK_SLOTS), min: -0x80000000, max: 0x7fffffff },
];
const HALF_BYTES = 0;

/** Slot i of a block of slots `width` wide. */
function readSlot(block: Block, width: number, i: number): number {
  if (width !== HALF_BYTES) return block[i]!;
  // The half byte moved to the top of 32 bits and back, its sign carried down.
  return ((block[i >>> 1]! >>> ((i & 1) << 2)) << 28) >> 28;
}

function writeSlot(block: Block, width: number, i: number, value: number) {
  if (width !== HALF_BYTES) {
    block[i] = value;
    return;
  }
  const shift = (i & 1) << 2;
  block[i >>> 1] = (block[i >>> 1]! & ~(0xf << shift)) | ((value & 0xf) << shift);
}

/**
 * Numbers appended client by client in the walk's order (log order), read back a client's at a
 * time: chunks of each client's numbers chained in blocks of slots, half a byte a slot while every
 * number fits (the 1 GiB events log's 2.0M steps are 1 MB so, held from the fold on), wider when
 * one does not (WIDTHS). Blocks, not one array grown by copies: a column doubled leaves up to half
 * of its room unused, and makes its copy beside it.
 */
export class StepChains {
  private blocks: Block[] = [];
  private width = HALF_BYTES;
  private chunks = 0;
  /** By chunk: the client's next chunk plus one, 0 for none. */
  private next = new Int32Array(1024);
  /** By client position: its first and last chunks plus one (0: none yet), and how many numbers it has. */
  private heads = new Int32Array(1024);
  private tails = new Int32Array(1024);
  private lengths = new Int32Array(1024);

  lengthOf(client: number): number {
    return client < this.lengths.length ? this.lengths[client]! : 0;
  }

  add(client: number, value: number) {
    if (client >= this.lengths.length) {
      this.heads = withRoomFor(this.heads, client);
      this.tails = withRoomFor(this.tails, client);
      this.lengths = withRoomFor(this.lengths, client);
    }
    const { min, max } = WIDTHS[this.width]!;
    if (value < min || value > max) this.widen(value);
    const length = this.lengths[client]!;
    if (length % CHUNK === 0) this.startChunk(client, length);
    const slot = (this.tails[client]! - 1) * CHUNK + (length % CHUNK);
    writeSlot(this.blocks[slot >>> BLOCK_BITS]!, this.width, slot & BLOCK_MASK, value);
    this.lengths[client] = length + 1;
  }

  /** The client's numbers, in the order added, into `into` from its start. */
  copyInto(client: number, into: Int32Array) {
    const length = this.lengthOf(client);
    const width = this.width;
    let chunk = length > 0 ? this.heads[client]! - 1 : -1;
    for (let i = 0; i < length; chunk = this.next[chunk]! - 1) {
      const end = Math.min(length, i + CHUNK);
      for (let slot = chunk * CHUNK; i < end; i++, slot++) into[i] = readSlot(this.blocks[slot >>> BLOCK_BITS]!, width, slot & BLOCK_MASK);
    }
  }

  private startChunk(client: number, length: number) {
    const chunk = this.chunks++;
    if (chunk >= this.next.length) this.next = withRoomFor(this.next, chunk);
    if ((chunk * CHUNK) >>> BLOCK_BITS === this.blocks.length) this.blocks.push(WIDTHS[this.width]!.make());
    if (length === 0) this.heads[client] = chunk + 1;
    else this.next[this.tails[client]! - 1] = chunk + 1;
    this.tails[client] = chunk + 1;
  }

  /** Slots wide enough for `value`, the numbers kept. */
  private widen(value: number) {
    const from = this.width;
    while (value < WIDTHS[this.width]!.min || value > WIDTHS[this.width]!.max) this.width++;
    const { make } = WIDTHS[this.width]!;
    this.blocks = this.blocks.map((block) => {
      const wider = make();
      for (let i = 0; i < BLOCK_SLOTS; i++) wider[i] = readSlot(block, from, i);
      return wider;
    });
  }
}
