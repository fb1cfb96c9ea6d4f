import { withRoomFor } from "../grown-column.js";
import { BlockStore, defineHidden, Residence } from "./block-store.js";

/** Steps a chunk holds: a client's steps go to the blocks a full chunk at a time. */
const CHUNK = 32;
/** Chunks a block: 65,536 slots, 32 KB of half bytes. */
const BLOCK_CHUNKS = 2048;
const BLOCK_SLOTS = BLOCK_CHUNKS * CHUNK;
type Slots = Uint8Array | Int8Array | Int16Array | Int32Array;
/**
 * The slots' widths, narrowest first, and the numbers each holds: half a byte (two slots a byte)
 * while a log has at most 8 steps (the bench logs have 3 and 8), then a byte, 16 bits, 32 (hostile
 * input can have a method per request).
 */
const WIDTHS = [
  { make: (slots: number): Slots => new Uint8Array(slots / 2), view: (bytes: ArrayBuffer): Slots => new Uint8Array(bytes, 0, BLOCK_SLOTS / 2), min: -8, max: 7 },
  { make: (slots: number): Slots => new Int8Array(slots), view: (bytes: ArrayBuffer): Slots => new Int8Array(bytes, 0, BLOCK_SLOTS), min: -0x80, max: 0x7f },
  { make: (slots: number): Slots => new Int16Array(slots), view: (bytes: ArrayBuffer): Slots => new Int16Array(bytes, 0, BLOCK_SLOTS), min: -0x8000, max: 0x7fff },
  { make: (slots: number): Slots => new Int32Array(slots), view: (bytes: ArrayBuffer): Slots => new Int32Array(bytes, 0, BLOCK_SLOTS), min: -0x80000000, max: 0x7fffffff },
];
const HALF_BYTES = 0;

/** Slot i of slots `width` wide. */
function readSlot(slots: Slots, width: number, i: number): number {
  if (width !== HALF_BYTES) return slots[i]!;
  // The half byte moved to the top of 32 bits and back, its sign carried down.
  return ((slots[i >>> 1]! >>> ((i & 1) << 2)) << 28) >> 28;
}

function writeSlot(slots: Slots, width: number, i: number, value: number) {
  if (width !== HALF_BYTES) {
    slots[i] = value;
    return;
  }
  const shift = (i & 1) << 2;
  slots[i >>> 1] = (slots[i >>> 1]! & ~(0xf << shift)) | ((value & 0xf) << shift);
}

/** Full chunks in the order they filled, each with its client, in slots of the width the numbers had then. */
class ChunkBlock {
  /** Hidden, as the store's other blocks' (see defineHidden). */
  declare readonly residence: Residence;
  slots: Slots;
  /** By chunk: its client's position. */
  clients = new Int32Array(BLOCK_CHUNKS);
  chunks = 0;

  constructor(readonly width: number) {
    defineHidden<ChunkBlock>(this, "residence", new Residence());
    this.slots = WIDTHS[width]!.make(BLOCK_SLOTS);
  }
}

const COLUMNS = ["slots", "clients"] as const;

/** Buffers a block out of memory is read to (StepChains.scratch). */
export interface StepScratch {
  readonly slots: ArrayBuffer;
  readonly clients: Int32Array;
}

/**
 * Numbers appended client by client in the walk's order (log order), read back a few clients at a
 * time (copyClients): half a byte a number while every one fits, wider when one does not
 * (WIDTHS). Each client's latest numbers wait in a chunk of its own; a full chunk goes, with its
 * client, to blocks that leave memory but for the last two (block-store.ts). Chained client by
 * client in blocks held in memory, the 8 GiB events log's 16 million steps took 7.7 MiB, and their
 * links 2 more, from the walk through the report, and grew with the log.
 */
export class StepChains {
  declare private readonly store: BlockStore<ChunkBlock>;
  declare private readonly blocks: ChunkBlock[];
  private width = HALF_BYTES;
  /** Each client's chunk being filled: CHUNK slots a client, by its position, in `width`. */
  private tails: Slots = WIDTHS[HALF_BYTES]!.make(1024 * CHUNK);
  /** By client position: how many numbers it has. */
  private lengths = new Int32Array(1024);

  constructor(residentBlocks = 2) {
    defineHidden<StepChains>(this, "store" as keyof StepChains, new BlockStore<ChunkBlock>(residentBlocks, COLUMNS, "the batches' steps"));
    defineHidden<StepChains>(this, "blocks" as keyof StepChains, []);
  }

  lengthOf(client: number): number {
    return client >= 0 && client < this.lengths.length ? this.lengths[client]! : 0;
  }

  add(client: number, value: number) {
    if (client >= this.lengths.length) {
      this.lengths = withRoomFor(this.lengths, client);
      const tails = WIDTHS[this.width]!.make(this.lengths.length * CHUNK);
      tails.set(this.tails);
      this.tails = tails;
    }
    const { min, max } = WIDTHS[this.width]!;
    if (value < min || value > max) this.widen(value);
    const length = this.lengths[client]!;
    writeSlot(this.tails, this.width, client * CHUNK + (length % CHUNK), value);
    this.lengths[client] = length + 1;
    if ((length + 1) % CHUNK === 0) this.flush(client);
  }

  /**
   * The numbers of `clients` (positions; -1 for one with none), each client's into `into` from
   * `starts` (its index's), in the order added: one pass over the blocks, in their order, a block
   * out of memory read to `scratch` (StepChains.scratch) and left out.
   */
  copyClients(clients: readonly number[], into: Int32Array, starts: readonly number[], scratch = StepChains.scratch()) {
    // By client position, its index in `clients`, -1 for none: a lookup for each chunk of each pass.
    const indexOf = new Int32Array(this.lengths.length).fill(-1);
    clients.forEach((client, i) => client >= 0 && client < indexOf.length && (indexOf[client] = i));
    const copied = new Int32Array(clients.length);
    for (const block of this.blocks) {
      const { slots, clients: owners } = this.read(block, scratch);
      for (let chunk = 0; chunk < block.chunks; chunk++) {
        const i = indexOf[owners[chunk]!]!;
        if (i < 0) continue;
        const at = starts[i]! + copied[i]!;
        for (let k = 0; k < CHUNK; k++) into[at + k] = readSlot(slots, block.width, chunk * CHUNK + k);
        copied[i] = copied[i]! + CHUNK;
      }
    }
    clients.forEach((client, i) => {
      const waiting = this.lengthOf(client) % CHUNK;
      for (let k = 0; k < waiting; k++) into[starts[i]! + copied[i]! + k] = readSlot(this.tails, this.width, client * CHUNK + k);
    });
  }

  /**
   * Where copyClients reads a block out of memory to (its slots as the widest take, 256 KB, and its
   * clients): one for a caller's passes, made by the caller, as the timeline may be frozen by then.
   */
  static scratch(): StepScratch {
    return { slots: new ArrayBuffer(4 * BLOCK_SLOTS), clients: new Int32Array(BLOCK_CHUNKS) };
  }

  /** How many blocks are out of memory: for tests and measures. */
  get spilledBlocks(): number {
    return this.store.spilled;
  }

  /** The client's full chunk to the last block, a new one when it is full or of another width. */
  private flush(client: number) {
    const { blocks, store } = this;
    let block = blocks[blocks.length - 1];
    if (block === undefined || block.chunks === BLOCK_CHUNKS || block.width !== this.width) {
      block = new ChunkBlock(this.width);
      blocks.push(block);
      store.added(block);
    } else if (store.current !== block) {
      store.use(block);
    }
    const chunk = block.chunks++;
    for (let k = 0; k < CHUNK; k++) writeSlot(block.slots, block.width, chunk * CHUNK + k, readSlot(this.tails, this.width, client * CHUNK + k));
    block.clients[chunk] = client;
    block.residence.dirty = true;
  }

  /** The block's arrays: its own while in memory, else read to `scratch`, the block left out. */
  private read(block: ChunkBlock, scratch: StepScratch): { slots: Slots; clients: Int32Array } {
    if (block.residence.resident) return block;
    const { slots, clients } = scratch;
    const view = WIDTHS[block.width]!.view(slots);
    this.store.readSpilled(block, "slots", 0, view.byteLength, slots);
    this.store.readSpilled(block, "clients", 0, clients.byteLength, clients.buffer as ArrayBuffer);
    return { slots: view, clients };
  }

  /** Slots wide enough for `value`: the chunks being filled widened, the full ones left as they are. */
  private widen(value: number) {
    const from = this.width;
    while (value < WIDTHS[this.width]!.min || value > WIDTHS[this.width]!.max) this.width++;
    const slots = this.lengths.length * CHUNK;
    const wider = WIDTHS[this.width]!.make(slots);
    for (let i = 0; i < slots; i++) writeSlot(wider, this.width, i, readSlot(this.tails, from, i));
    this.tails = wider;
  }
}
